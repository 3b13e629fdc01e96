using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Queues.Benchmarks.Imaging;
using Queues.Benchmarks.Messaging;

// dotnet run --project Benchmarks -c Release -- pipeline [BenchmarkDotNet options, e.g. --filter *Default*]
// dotnet run --project Benchmarks -c Release -- pipeline-turns [--megapixels 1,12] [--rounds 15] [--images 5] [--only default]
// dotnet run --project Benchmarks -c Release -- decode-profile [--megapixels 12] [--grains 0,4,12]
// dotnet run --project Benchmarks -c Release -- raw-ceiling [--megapixels 1] [--seconds 10]
// dotnet run --project Benchmarks -c Release -- messaging --rabbit-port 5790 [--count 20000] [--rounds 3]
switch (args)
{
    case ["pipeline", .. var rest]:
        // In process: the pipeline's native libvips is what is measured, and a separate build per job would
        // only add minutes. Ten iterations, because the machine is shared and noisy.
        var job = Job.Default.WithWarmupCount(3).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance);
        BenchmarkSwitcher.FromTypes([typeof(PipelineBenchmarks)]).Run(rest.Length > 0 ? rest : ["--filter", "*"],
            DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.JoinSummary));
        return 0;

    case ["pipeline-turns", .. var rest]:
        var sizes = Text(rest, "--megapixels")?.Split(',').Select(double.Parse).ToList() ?? [1, 12];
        PipelineComparison.Run(sizes, Option(rest, "--rounds") ?? 15, Option(rest, "--images") ?? 5, Text(rest, "--only"));
        return 0;

    case ["decode-profile", .. var rest]:
        DecodeProfile.Run(double.Parse(Text(rest, "--megapixels") ?? "12"),
            (Text(rest, "--grains") ?? "0,4,12").Split(',').Select(double.Parse).ToList(), Option(rest, "--rounds") ?? 9, Option(rest, "--images") ?? 5);
        return 0;

    case ["raw-ceiling", .. var rest]:
        RawCeiling.ImagesPerSecond(double.Parse(Text(rest, "--megapixels") ?? "1"), TimeSpan.FromSeconds(Option(rest, "--seconds") ?? 10));
        return 0;

    case ["messaging", .. var rest]:
        var port = Option(rest, "--rabbit-port") ?? throw new ArgumentException("--rabbit-port is required: start a private node with scripts/services.sh");
        var report = await MessagingBenchmark.RunAsync(port, Option(rest, "--count") ?? 20_000, Option(rest, "--rounds") ?? 3,
            Option(rest, "--batch") ?? 500, Option(rest, "--prefetch") ?? 200);
        Console.WriteLine(report);
        return 0;

    default:
        Console.Error.WriteLine("usage: Queues.Benchmarks pipeline [BenchmarkDotNet options] | pipeline-turns [--megapixels 1,12] [--rounds R] [--images N] [--only TEXT] | decode-profile [--megapixels 12] [--grains 0,4,12] | raw-ceiling [--megapixels 1] [--seconds 10] | messaging --rabbit-port P [--count N] [--rounds R] [--batch B] [--prefetch P]");
        return 2;
}

static string? Text(string[] args, string name) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static int? Option(string[] args, string name) => Text(args, name) is { } value ? int.Parse(value) : null;
