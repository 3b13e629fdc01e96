using System.Diagnostics;
using System.Globalization;
using System.Text;
using NetVips;
using Queues.LoadTest.Images;
using static Queues.Benchmarks.Statistics;

namespace Queues.Benchmarks.Imaging;

/// <summary>
/// Where the time of a 12 MP thumbnail goes, stage by stage, on photos that differ only in how much grain (and so
/// how many compressed bytes) they carry. Shrink-on-load skips most of the inverse DCT, but every bit of the file
/// still has to be entropy-decoded, so the cost follows the file size rather than the pixel count.
/// </summary>
static class DecodeProfile
{
    public static string Run(double megapixels, IReadOnlyList<double> grains, int rounds, int images)
    {
        RawLibvips.SetUpLikeAWorkerOnOneCore();
        var report = new StringBuilder($"| photo | KB | header only | decode at 1/8 (jpegload shrink=8) | ThumbnailBuffer 320 | + b-w + JpegsaveBuffer (raw total) | images/s per core |\n");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var grain in grains)
        {
            var photo = SampleImages.Jpeg(megapixels, grain: grain);
            var bytes = photo.Bytes;
            Func<double>[] stages =
            [
                () => { using var i = Image.NewFromBuffer(bytes); return i.Width; },
                () => { using var i = Image.NewFromBuffer(bytes, "shrink=8", access: Enums.Access.Sequential); return i.Avg(); },
                () => { using var i = Image.ThumbnailBuffer(bytes, 320, height: 320); return i.Avg(); },
                () => RawLibvips.Thumbnail(bytes),
            ];
            foreach (var stage in stages) stage(); // warm-up
            var cpu = stages.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < rounds; round++)
                for (var s = 0; s < stages.Length; s++)
                    cpu[s].Add(CpuMs(stages[s], images));
            var medians = cpu.Select(Median).ToArray();
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {photo.Name} | {bytes.Length / 1024} | {medians[0]:0.0} ms | {medians[1]:0.0} ms | {medians[2]:0.0} ms | {medians[3]:0.0} ms | {1000 / medians[3]:0.0} |"));
        }
        Console.Write(report);
        return report.ToString();
    }

    static double CpuMs(Func<double> stage, int images)
    {
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        for (var i = 0; i < images; i++) stage();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds / images;
    }
}
