using System.Diagnostics;
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
        RawLibvips.SetUpLikeAWorkerOnOneCore();
        var photo = SampleImages.Jpeg(megapixels).Bytes;
        RawLibvips.Thumbnail(photo); // warm-up
        var clock = Stopwatch.StartNew();
        var done = 0;
        var threads = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(() =>
        {
            while (clock.Elapsed < duration)
            {
                RawLibvips.Thumbnail(photo);
                Interlocked.Increment(ref done);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var rate = done / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"raw ceiling: {done} images of {megapixels} MP in {clock.Elapsed.TotalSeconds:0.0} s on {threads.Count} threads = {rate:0.0} images/s");
        return rate;
    }
}
