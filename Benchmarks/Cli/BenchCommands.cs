using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Queues.Benchmarks.Imaging;
using Queues.Benchmarks.Messaging;
using Spectre.Console.Cli;

namespace Queues.Benchmarks.Cli;

/// <summary>The benchmarks' command line. Exit codes: 0, or 2 for a usage error.</summary>
public static class BenchCommands
{
    public const int UsageError = 2;

    public static void Configure(IConfigurator config)
    {
        config.SetApplicationName("dotnet run --project Benchmarks -c Release --");
        config.SetApplicationCulture(CultureInfo.InvariantCulture);
        config.CaseSensitivity(CaseSensitivity.None);
        config.SetExceptionHandler((e, _) =>
        {
            if (e is not (CommandAppException or ArgumentException or FormatException)) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("Options: dotnet run --project Benchmarks -c Release -- <command> --help");
            return UsageError;
        });
        config.AddCommand<Pipeline>("pipeline")
            .WithDescription("our pipeline vs raw libvips with BenchmarkDotNet; every other argument goes to BenchmarkDotNet (e.g. --filter *Default*)");
        config.AddCommand<PipelineTurns>("pipeline-turns")
            .WithDescription("our pipeline vs raw libvips, per operation, variants interleaved, CPU time per image");
        config.AddCommand<JobCostCommand>("job-cost")
            .WithDescription("one job's image work as a worker does it (outputs, summary) vs raw libvips, CPU ms per image");
        config.AddCommand<Renditions>("renditions")
            .WithDescription("one job with three renditions (one decode) vs three jobs, CPU ms per output; and the preview's cost at upload");
        config.AddCommand<Decode>("decode-profile").WithDescription("where a thumbnail's time goes, stage by stage, for photos of more or less grain");
        config.AddCommand<Ceiling>("raw-ceiling").WithDescription("raw libvips thumbnails per second on every core, right now");
        config.AddCommand<Messaging>("messaging").WithDescription("raw RabbitMQ.Client vs MassTransit vs in-memory, end to end");
        config.AddCommand<ImageSharpVsNetVips.Parent>("imagesharp-vs-netvips")
            .WithDescription("NetVips (our pipeline) vs ImageSharp: CPU ms per image on one core and peak memory, each in its own process");
        config.AddCommand<Growth.GrowthBenchmark>("growth")
            .WithDescription("the Api's read paths and upload, p50/p99, on a jobs table of 10k, 100k and 1M rows (the Api's Release build as a process)");
        config.AddCommand<ImageSharpVsNetVips.Child>(ImageSharpVsNetVips.ChildCommand).IsHidden();
    }

    /// <summary>An option nobody asked for is a mistake (Spectre's strict parsing would also refuse pipeline's pass-through).</summary>
    internal static void RefuseUnknown(CommandContext context)
    {
        if (context.Remaining.Parsed.Count > 0 || context.Remaining.Raw.Count > 0)
            throw new ArgumentException("unknown option: " + string.Join(", ", context.Remaining.Parsed.Select(o => o.Key).Concat(context.Remaining.Raw)));
    }

    sealed class Pipeline : Command
    {
        public override int Execute(CommandContext context, CancellationToken cancellationToken)
        {
            // In process: the pipeline's native libvips is what is measured, and a separate build per job would
            // only add minutes. Ten iterations, because the machine is shared and noisy.
            var rest = context.Arguments.SkipWhile(a => !a.Equals("pipeline", StringComparison.OrdinalIgnoreCase)).Skip(1).ToArray();
            var job = Job.Default.WithWarmupCount(3).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance);
            BenchmarkSwitcher.FromTypes([typeof(PipelineBenchmarks)]).Run(rest.Length > 0 ? rest : ["--filter", "*"],
                DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.JoinSummary));
            return 0;
        }
    }

    sealed class PipelineTurns : Command<PipelineTurnsSettings>
    {
        public override int Execute(CommandContext context, PipelineTurnsSettings s, CancellationToken cancellationToken)
        {
            RefuseUnknown(context);
            PipelineComparison.Run(BenchSettings.Numbers(s.Megapixels, "--megapixels"), s.Rounds, s.Images, s.Only);
            return 0;
        }
    }

    sealed class JobCostCommand : Command<JobCostSettings>
    {
        public override int Execute(CommandContext context, JobCostSettings s, CancellationToken cancellationToken)
        {
            RefuseUnknown(context);
            JobCost.Run(s.Image, s.Operations, s.Rounds, s.Images);
            return 0;
        }
    }

    sealed class Renditions : Command<RenditionsSettings>
    {
        public override int Execute(CommandContext context, RenditionsSettings s, CancellationToken cancellationToken)
        {
            RefuseUnknown(context);
            RenditionsBenchmark.Run(BenchSettings.Numbers(s.Megapixels, "--megapixels"), s.Rounds);
            return 0;
        }
    }

    sealed class Decode : Command<DecodeProfileSettings>
    {
        public override int Execute(CommandContext context, DecodeProfileSettings s, CancellationToken cancellationToken)
        {
            RefuseUnknown(context);
            DecodeProfile.Run(s.Megapixels, BenchSettings.Numbers(s.Grains, "--grains"), s.Rounds, s.Images);
            return 0;
        }
    }

    sealed class Ceiling : Command<RawCeilingSettings>
    {
        public override int Execute(CommandContext context, RawCeilingSettings s, CancellationToken cancellationToken)
        {
            RefuseUnknown(context);
            RawCeiling.ImagesPerSecond(s.Megapixels, TimeSpan.FromSeconds(s.Seconds));
            return 0;
        }
    }

    sealed class Messaging : AsyncCommand<MessagingSettings>
    {
        public override async Task<int> ExecuteAsync(CommandContext context, MessagingSettings s, CancellationToken cancellationToken)
        {
            RefuseUnknown(context);
            Console.WriteLine(await MessagingBenchmark.RunAsync(s.RabbitPort!.Value, s.Count, s.Rounds, s.Batch, s.Prefetch));
            return 0;
        }
    }
}
