using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Queues.Imaging;
using Queues.LoadTest.Images;
using static Queues.Benchmarks.Statistics;

namespace Queues.Benchmarks.Imaging;

/// <summary>
/// Three outputs of one photo: one job with three renditions (one decode) against three jobs (three decodes), in CPU
/// ms per output, the two taking turns in every round like <see cref="PipelineComparison"/>; and what the preview
/// made at upload costs the Api. Only the image work is timed: three jobs also fetch the original three times.
/// </summary>
static class RenditionsBenchmark
{
    static readonly (string Name, string[] Renditions)[] Sets =
    [
        ("all resize first", ["resize:320x320", "resize:800x600:cover,format:webp", "resize:1600x1600"]),
        ("one without a resize", ["resize:320x320", "resize:800x600:cover,format:webp", "grayscale"]),
    ];

    public static void Run(IReadOnlyList<double> megapixels, int rounds)
    {
        RawLibvips.SetUpLikeAWorkerOnOneCore();
        var pipeline = new ImagePipeline(Options.Create(new ImagingOptions()));
        foreach (var mp in megapixels)
        {
            var photo = SampleImages.Jpeg(mp);
            var report = new StringBuilder()
                .AppendLine($"### {photo.Name} ({photo.Bytes.Length / 1024} KB), {rounds} rounds").AppendLine()
                .AppendLine("| renditions | one job, one decode: CPU ms/output | three jobs: CPU ms/output | saving |")
                .AppendLine("| --- | ---: | ---: | ---: |");
            foreach (var (name, specs) in Sets)
            {
                var plans = specs.Select(Plan).ToList();
                Func<int> together = () => pipeline.RunAll(photo.Bytes, plans).Sum(r => r.Bytes.Length);
                Func<int> apart = () => plans.Sum(p => pipeline.Run(photo.Bytes, p).Bytes.Length);
                var (one, three) = Turns(together, apart, rounds);
                report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name}: {string.Join(" · ", specs)} | {one / plans.Count:0.0} | {three / plans.Count:0.0} | {1 - one / three:P0} |"));
            }
            var previewBytes = Preview.Make(photo.Bytes)!.Length;
            var (preview, inspect) = Turns(() => Preview.Make(photo.Bytes)!.Length,
                () => ImageInspector.Inspect(photo.Bytes, long.MaxValue).Width, rounds);
            report.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Preview at upload ({Queues.Imaging.Preview.Side} px WebP, {previewBytes / 1024.0:0.0} KB): {preview:0.0} CPU ms per upload; the header check every upload already makes: {inspect:0.0} ms."));
            Console.WriteLine(report);
        }
    }

    static OperationPlan Plan(string spec) =>
        OperationParser.TryParse(spec, out var plan, out var error) ? plan : throw new ArgumentException(error);

    /// <summary>Medians of CPU ms per call, the two alternating (order swapped every round) after a warm-up.</summary>
    static (double A, double B) Turns(Func<int> a, Func<int> b, int rounds)
    {
        for (var i = 0; i < 2; i++) { a(); b(); }
        var (cpuA, cpuB) = (new List<double>(), new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            if (round % 2 == 0) { cpuA.Add(PipelineComparison.Time(a, 2).CpuMs); cpuB.Add(PipelineComparison.Time(b, 2).CpuMs); }
            else { cpuB.Add(PipelineComparison.Time(b, 2).CpuMs); cpuA.Add(PipelineComparison.Time(a, 2).CpuMs); }
        }
        return (Median(cpuA), Median(cpuB));
    }
}
