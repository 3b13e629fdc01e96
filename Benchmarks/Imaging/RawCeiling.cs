using System.Diagnostics;
using NetVips;
using Queues.LoadTest.Images;

namespace Queues.Benchmarks.Imaging;

/// <summary>
/// The raw processing ceiling right now, on this machine as busy as it is: raw libvips thumbnails (the
/// baseline of <see cref="PipelineComparison"/>) on one thread per core for a fixed time, in images per second
/// of wall clock. Run it just before and after a load test and the end-to-end throughput becomes a ratio to a
/// ceiling measured under the same neighbours.
/// </summary>
static class RawCeiling
{
    public static double ImagesPerSecond(double megapixels, TimeSpan duration)
    {
        Cache.Max = 0;
        NetVips.NetVips.Concurrency = 1;
        var photo = SampleImages.Jpeg(megapixels).Bytes;
        Raw(photo); // warm-up
        var clock = Stopwatch.StartNew();
        var done = 0;
        var threads = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(() =>
        {
            while (clock.Elapsed < duration)
            {
                Raw(photo);
                Interlocked.Increment(ref done);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var rate = done / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"raw ceiling: {done} images of {megapixels} MP in {clock.Elapsed.TotalSeconds:0.0} s on {threads.Count} threads = {rate:0.0} images/s");
        return rate;
    }

    static void Raw(byte[] photo)
    {
        using var thumbnail = Image.ThumbnailBuffer(photo, 320, height: 320);
        using var grey = thumbnail.Colourspace(Enums.Interpretation.Bw);
        grey.JpegsaveBuffer(q: 85, keep: Enums.ForeignKeep.None);
    }
}
