using System.Globalization;
using Microsoft.Extensions.Options;
using NetVips;
using Queues.Imaging;
using static Queues.Benchmarks.Statistics;

namespace Queues.Benchmarks.Imaging;

/// <summary>
/// The image work of one job as a worker does it (the outputs and their summary), on a given photo and
/// operations, beside the least libvips can do for the same output: a shrink-on-load thumbnail, the colour step, the
/// encode. CPU ms per image, the variants taking turns; scripts/measure-distributed.sh runs it in the same session as
/// the distributed run, so that a worker's CPU per job is read against it.
/// </summary>
static class JobCost
{
    public static void Run(string file, string operations, int rounds, int imagesPerTurn)
    {
        RawLibvips.SetUpLikeAWorkerOnOneCore();
        var photo = File.ReadAllBytes(file);
        if (!OperationParser.TryParse(operations, out var plan, out var error)) throw new ArgumentException(error);
        var pipeline = new ImagePipeline(Options.Create(new ImagingOptions()));
        var resize = plan.Steps.OfType<Resize>().FirstOrDefault();
        var work = new (string Name, Func<int> Run)[]
        {
            ("raw libvips: ThumbnailBuffer + Colourspace(b-w) + JpegsaveBuffer", () => Raw(photo, resize?.Width ?? 10_000_000, resize?.Height)),
            ($"ours, as the worker runs it: {operations}, with the summary", () => pipeline.RunAll(photo, [plan])[0].Bytes.Length),
        };
        foreach (var (_, run) in work) for (var i = 0; i < 3; i++) run();

        var cpu = work.ToDictionary(w => w.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
            for (var k = 0; k < work.Length; k++)
            {
                var (name, run) = work[(k + round) % work.Length];
                cpu[name].Add(PipelineComparison.Time(run, imagesPerTurn).CpuMs);
            }
        Console.WriteLine($"{Path.GetFileName(file)} ({photo.Length / 1024} KB), {rounds} rounds × {imagesPerTurn} images, one libvips thread");
        var raw = cpu[work[0].Name];
        foreach (var (name, _) in work)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-75} {Median(cpu[name]),6:0.0} CPU ms/image  ratio {Median(cpu[name].Zip(raw, (c, r) => c / r)):0.00}"));
    }

    static int Raw(byte[] photo, int width, int? height)
    {
        using var thumbnail = Image.ThumbnailBuffer(photo, width, height: height);
        using var grey = thumbnail.Colourspace(Enums.Interpretation.Bw);
        return grey.JpegsaveBuffer(q: 85, keep: Enums.ForeignKeep.None).Length;
    }
}
