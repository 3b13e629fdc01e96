using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Queues.LoadTest.Images;
using Queues.Imaging;
using static Queues.Benchmarks.Statistics;

namespace Queues.Benchmarks.Imaging;

/// <summary>
/// The same comparison as <see cref="PipelineBenchmarks"/>, made for a shared, busy machine: the variants take
/// turns inside every round (order rotated), and each is timed by this process's CPU time as well as by the
/// wall clock. CPU time per image is what a core spends, so 1000 / CPU ms is images per second per core even
/// while neighbours steal the processor; the ratio is the median of the per-round ratios to raw libvips.
/// </summary>
static class PipelineComparison
{
    static readonly (string Name, string? Operations)[] Variants =
    [
        (RawLibvips.Name, null),
        ("ours: default (resize:320x320:fit,grayscale)", ""),
        ("ours: resize:320x320", "resize:320x320"),
        ("ours: resize:800x600:cover", "resize:800x600:cover"),
        ("ours: resize,sepia", "resize,sepia"),
        ("ours: resize,blur:2", "resize,blur:2"),
        ("ours: resize,sharpen", "resize,sharpen"),
        ("ours: resize,invert", "resize,invert"),
        ("ours: resize,watermark:Queues", "resize,watermark:Queues"),
        ("ours: grayscale (no resize first: full-size decode)", "grayscale"),
    ];

    public static string Run(IReadOnlyList<double> megapixels, int rounds, int imagesPerTurn, string? only)
    {
        RawLibvips.SetUpLikeAWorkerOnOneCore();
        var pipeline = new ImagePipeline(Options.Create(new ImagingOptions()));
        var variants = Variants.Where(v => v.Operations is null || only is null || v.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToList();
        var report = new StringBuilder();

        foreach (var mp in megapixels)
        {
            var photo = SampleImages.Jpeg(mp);
            var work = variants.Select(v => (v.Name, Run: v.Operations is null ? (Func<int>)(() => RawLibvips.Thumbnail(photo.Bytes)) : Ours(pipeline, photo.Bytes, v.Operations))).ToList();
            foreach (var (_, run) in work) for (var i = 0; i < 3; i++) run(); // warm-up: JIT, fonts, libvips init

            var cpu = work.ToDictionary(w => w.Name, _ => new List<double>());
            var wall = work.ToDictionary(w => w.Name, _ => new List<double>());
            for (var round = 0; round < rounds; round++)
                for (var k = 0; k < work.Count; k++)
                {
                    var (name, run) = work[(k + round) % work.Count];
                    var (cpuMs, wallMs) = Time(run, imagesPerTurn);
                    cpu[name].Add(cpuMs);
                    wall[name].Add(wallMs);
                }

            var rawCpu = cpu[work[0].Name];
            var section = new StringBuilder();
            section.AppendLine($"### {photo.Name} ({photo.Bytes.Length / 1024} KB), {rounds} rounds × {imagesPerTurn} images per variant")
                .AppendLine().AppendLine("| variant | CPU ms/image (median) | wall ms/image (median) | images/s per core | ratio to raw (CPU) |")
                .AppendLine("| --- | ---: | ---: | ---: | ---: |");
            foreach (var (name, _) in work)
            {
                var ratio = Median(cpu[name].Zip(rawCpu, (c, r) => c / r));
                section.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {Median(cpu[name]):0.0} | {Median(wall[name]):0.0} | {1000 / Median(cpu[name]):0.0} | {ratio:0.00} |"));
            }
            section.AppendLine();
            Console.Write(section);
            report.Append(section);
        }
        return report.ToString();
    }

    static Func<int> Ours(ImagePipeline pipeline, byte[] photo, string operations)
    {
        OperationParser.TryParse(operations, out var plan, out _);
        return () => pipeline.Run(photo, plan).Bytes.Length;
    }

    internal static (double CpuMs, double WallMs) Time(Func<int> run, int images)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < images; i++) run();
        var wallMs = clock.Elapsed.TotalMilliseconds / images;
        process.Refresh();
        return ((process.TotalProcessorTime - cpu).TotalMilliseconds / images, wallMs);
    }
}
