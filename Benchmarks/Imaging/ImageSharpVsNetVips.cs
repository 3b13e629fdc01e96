using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Queues.Benchmarks.Cli;
using Queues.LoadTest.Images;
using Spectre.Console.Cli;
using static Queues.Benchmarks.Statistics;

namespace Queues.Benchmarks.Imaging;

/// <summary>
/// `imagesharp-vs-netvips`: both libraries, both jobs, each size, each in a fresh process pinned to one CPU
/// (taskset), so that one library's memory and JIT never count against the other, and CPU time is one core's.
/// Rounds alternate the order; CPU ms is the median over rounds, peak memory the highest VmHWM seen.
/// </summary>
public static partial class ImageSharpVsNetVips
{
    public const string ChildCommand = "imagesharp-vs-netvips-process";
    static readonly string[] Libraries = ["netvips", "imagesharp"];
    static readonly string[] JobNames = ["default", "resize"];

    public sealed class Parent : Command<ImageSharpVsNetVipsSettings>
    {
        public override int Execute(CommandContext context, ImageSharpVsNetVipsSettings s, CancellationToken cancellationToken)
        {
            BenchCommands.RefuseUnknown(context);
            var folder = Directory.CreateTempSubdirectory("queues-imagesharp-").FullName;
            try
            {
                var sizes = BenchSettings.Numbers(s.Megapixels, "--megapixels");
                var photos = sizes.ToDictionary(mp => mp, mp => Save(folder, SampleImages.Jpeg(mp)));
                var runs = new List<LibraryRun>();
                for (var round = 0; round < s.Rounds; round++)
                    foreach (var mp in sizes)
                        foreach (var job in JobNames)
                            foreach (var library in round % 2 == 0 ? Libraries : Libraries.Reverse())
                                runs.Add(Measure(library, job, photos[mp], mp, s.Seconds));
                Console.Write(Report(runs, photos, s.Rounds));
                return 0;
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    static (string Path, int Bytes, string Name) Save(string folder, SampleImage photo)
    {
        var path = Path.Combine(folder, photo.Name);
        File.WriteAllBytes(path, photo.Bytes);
        return (path, photo.Bytes.Length, photo.Name);
    }

    static LibraryRun Measure(string library, string job, (string Path, int Bytes, string Name) photo, double mp, double seconds)
    {
        // The same build, started again: `dotnet Queues.Benchmarks.dll`, on the last CPU (where the OS puts least).
        var pinned = File.Exists("/usr/bin/taskset");
        var start = new ProcessStartInfo(pinned ? "/usr/bin/taskset" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args = [.. pinned ? new[] { "-c", (Environment.ProcessorCount - 1).ToString(CultureInfo.InvariantCulture), "dotnet" } : [],
            typeof(ImageSharpVsNetVips).Assembly.Location, ChildCommand, "--library", library, "--job", job, "--photo", photo.Path,
            "--megapixels", mp.ToString(CultureInfo.InvariantCulture), "--seconds", seconds.ToString(CultureInfo.InvariantCulture)];
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{library} {job} {mp} MP failed ({process.ExitCode}): {errors.Result}{output}");
        return JsonSerializer.Deserialize<LibraryRun>(output.Trim().Split('\n')[^1])!;
    }

    static string Report(List<LibraryRun> runs, Dictionary<double, (string Path, int Bytes, string Name)> photos, int rounds)
    {
        var md = new StringBuilder("| photo | job | library | CPU ms/image (median) | images/s per core | wall ms/image | peak RSS MB (VmHWM) | RSS before first image MB | ImageSharp ÷ NetVips (CPU) |\n")
            .AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var group in runs.GroupBy(r => (r.Megapixels, r.Job)))
        {
            double Cpu(string library) => Median(group.Where(r => r.Library == library).Select(r => r.CpuMsPerImage));
            foreach (var library in Libraries)
            {
                var mine = group.Where(r => r.Library == library).ToList();
                var photo = photos[group.Key.Megapixels];
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {photo.Name} ({photo.Bytes / 1024} KB) | {Describe(group.Key.Job)} | {library} | {Cpu(library):0.0} | {1000 / Cpu(library):0.0} | {Median(mine.Select(r => r.WallMsPerImage)):0.0} | {mine.Max(r => r.PeakRssMb):0} | {Median(mine.Select(r => r.RssBeforeMb)):0} | {(library == "imagesharp" ? (Cpu("imagesharp") / Cpu("netvips")).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "")} |"));
            }
        }
        return md.AppendLine().AppendLine($"{rounds} rounds; {runs.Sum(r => r.Images)} images in all; each row's process pinned to one CPU.").ToString();
    }

    static string Describe(string job) => job == "default" ? "default: fit 320x320 + grayscale + JPEG q85" : "resize: fit 320x320 + JPEG q85";
}
