using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Queues.Benchmarks.Cli;
using Queues.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Spectre.Console.Cli;

namespace Queues.Benchmarks.Imaging;

/// <summary>What one measured process reports: CPU and wall time per image, and its memory before and at its peak.</summary>
public sealed record LibraryRun(string Library, string Job, double Megapixels, int Images, double CpuMsPerImage,
    double WallMsPerImage, double RssBeforeMb, double PeakRssMb, int OutputBytes);

/// <summary>
/// The two jobs, once per library: (a) the API's default, resize to fit 320x320 + grayscale + JPEG q85, and
/// (b) resize to fit 320x320 + JPEG q85. NetVips runs our own <see cref="ImagePipeline"/>; ImageSharp the same
/// steps written the way its documentation does them. Both on one thread: libvips with one worker thread
/// (as <see cref="RawLibvips.SetUpLikeAWorkerOnOneCore"/>), ImageSharp with MaxDegreeOfParallelism 1.
/// </summary>
static class Jobs
{
    public static Func<byte[], int> For(string library, string job)
    {
        var grayscale = job == "default";
        switch (library)
        {
            case "netvips":
                RawLibvips.SetUpLikeAWorkerOnOneCore();
                var pipeline = new ImagePipeline(Options.Create(new ImagingOptions()));
                OperationParser.TryParse(grayscale ? "" : "resize:320x320", out var plan, out _);
                return photo => pipeline.Run(photo, plan).Bytes.Length;
            case "imagesharp":
                Configuration.Default.MaxDegreeOfParallelism = 1;
                // A grey result is written as a one-channel JPEG, as libvips writes it: the same bytes to encode.
                var encoder = new JpegEncoder { Quality = 85, ColorType = grayscale ? JpegColorType.Luminance : null };
                return photo =>
                {
                    using var image = SixLabors.ImageSharp.Image.Load<Rgb24>(photo);
                    image.Mutate(x =>
                    {
                        x.Resize(new ResizeOptions { Size = new Size(320, 320), Mode = ResizeMode.Max });
                        if (grayscale) x.Grayscale();
                    });
                    using var output = new MemoryStream();
                    image.SaveAsJpeg(output, encoder);
                    return (int)output.Length;
                };
            default:
                throw new ArgumentException($"no library '{library}' (netvips, imagesharp)");
        }
    }

    /// <summary>VmRSS or VmHWM (the peak resident set) of this process, in MB of 1,000 kB as BENCHMARKS.md counts them.</summary>
    public static double Memory(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1000;
    }
}

public sealed class LibraryRunSettings : CommandSettings
{
    [CommandOption("--library <NAME>"), Description("netvips or imagesharp.")]
    public string Library { get; init; } = "";

    [CommandOption("--job <NAME>"), Description("default or resize.")]
    public string Job { get; init; } = "";

    [CommandOption("--photo <FILE>"), Description("The JPEG to process.")]
    public string Photo { get; init; } = "";

    [CommandOption("--megapixels <MP>"), Description("Its size, for the report.")]
    public double Megapixels { get; init; }

    [CommandOption("--seconds <S>"), Description("CPU seconds to spend; at least 3 images.")]
    public double Seconds { get; init; } = 1.5;
}

public static partial class ImageSharpVsNetVips
{
    /// <summary>One library, one job, one photo, in a process of its own: prints a <see cref="LibraryRun"/> as JSON.</summary>
    public sealed class Child : Command<LibraryRunSettings>
    {
        public override int Execute(CommandContext context, LibraryRunSettings s, CancellationToken cancellationToken)
        {
            BenchCommands.RefuseUnknown(context);
            var photo = File.ReadAllBytes(s.Photo);
            var run = Jobs.For(s.Library, s.Job);
            var rssBefore = Jobs.Memory("VmRSS");
            var bytes = run(photo); // warm-up: JIT, codec tables, libvips start-up; its peak counts, it is part of the job

            // Environment.CpuUsage is getrusage: microseconds, where Process.TotalProcessorTime ticks in 10 ms.
            var cpu = Environment.CpuUsage.TotalTime;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var images = 0;
            while (images < 3 || (Environment.CpuUsage.TotalTime - cpu).TotalSeconds < s.Seconds)
            {
                run(photo);
                images++;
            }
            var cpuMs = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds;
            Console.WriteLine(JsonSerializer.Serialize(new LibraryRun(s.Library, s.Job, s.Megapixels, images, cpuMs / images,
                clock.Elapsed.TotalMilliseconds / images, rssBefore, Jobs.Memory("VmHWM"), bytes)));
            return 0;
        }
    }
}
