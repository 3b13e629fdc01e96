using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Queues.LoadTest.Images;
using Queues.Imaging;

namespace Queues.Benchmarks.Imaging;

/// <summary>
/// Our pipeline, one operation list at a time, against the least libvips can do for the default job:
/// ThumbnailBuffer (shrink-on-load) + Colourspace(b-w) + JpegsaveBuffer. The Ratio column is our cost over
/// that baseline, on the same photo, in the same run. libvips runs one thread per image here, as a worker
/// with one job per core does, so 1000 / Mean is images per second per core.
/// </summary>
[MemoryDiagnoser(displayGenColumns: false)]
public class PipelineBenchmarks
{
    byte[] photo = [];
    readonly ImagePipeline pipeline = new(Options.Create(new ImagingOptions()));

    [Params(1, 12)]
    public int Megapixels { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        RawLibvips.SetUpLikeAWorkerOnOneCore();
        photo = SampleImages.Jpeg(Megapixels).Bytes;
    }

    [Benchmark(Baseline = true, Description = "raw libvips: thumbnail 320 + b-w + jpeg")]
    public int Raw() => RawLibvips.Thumbnail(photo);

    [Benchmark(Description = "ours: resize:320x320:fit,grayscale (default)")]
    public int Default() => Run("resize:320x320:fit,grayscale");

    [Benchmark(Description = "ours: resize:320x320")]
    public int Resize() => Run("resize:320x320");

    [Benchmark(Description = "ours: resize:800x600:cover")]
    public int ResizeCover() => Run("resize:800x600:cover");

    [Benchmark(Description = "ours: resize,sepia")]
    public int Sepia() => Run("resize,sepia");

    [Benchmark(Description = "ours: resize,blur:2")]
    public int Blur() => Run("resize,blur:2");

    [Benchmark(Description = "ours: resize,sharpen")]
    public int Sharpen() => Run("resize,sharpen");

    [Benchmark(Description = "ours: resize,invert")]
    public int Invert() => Run("resize,invert");

    [Benchmark(Description = "ours: resize,watermark:Queues")]
    public int Watermark() => Run("resize,watermark:Queues");

    [Benchmark(Description = "ours: grayscale (no resize: full decode)")]
    public int FullSizeGrayscale() => Run("grayscale");

    int Run(string operations)
    {
        OperationParser.TryParse(operations, out var plan, out _);
        return pipeline.Run(photo, plan).Bytes.Length;
    }
}
