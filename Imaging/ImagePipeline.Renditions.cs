using NetVips;

namespace Queues.Imaging;

public sealed partial class ImagePipeline
{
    /// <summary>
    /// Several outputs from one decode: the original is decoded once into memory, upright and in sRGB, and each plan
    /// runs from those pixels. A JPEG is decoded already shrunk (libjpeg's DCT scaling by 2, 4 or 8) as far as the
    /// largest rendition allows, which is what <c>ThumbnailBuffer</c> does for one output.
    /// </summary>
    /// <param name="progress">Reported per rendition as it is encoded (see <see cref="Run"/>).</param>
    public IReadOnlyList<ProcessedImage> RunAll(byte[] input, IReadOnlyList<OperationPlan> plans, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (plans.Count == 1) return [Run(input, plans[0], progress, cancellationToken)];
        var info = ImageInspector.Inspect(input, options.Value.MaxPixels);
        return Guarded(input, info, plans.SelectMany(p => p.StepSpecs), cancellationToken, created =>
        {
            var shrink = info.Format == ImageFormats.Jpeg.Name ? JpegShrink(info, plans) : 1;
            var loaded = Track(created, Image.NewFromBuffer(input, shrink > 1 ? $"shrink={shrink}" : "", failOn: Enums.FailOn.Truncated));
            var upright = Track(created, loaded.Autorot());
            var profiled = ColourPolicy.HasProfile(upright);
            var shared = Track(created, Track(created, ColourPolicy.ToSrgb(upright)).CopyMemory());
            return plans.Select(plan => Finish(created, shared, plan, 0, profiled, progress, cancellationToken)).ToList();
        });
    }

    /// <summary>The largest DCT shrink that still leaves every rendition's first resize at least its target size.</summary>
    static int JpegShrink(ImageInfo info, IReadOnlyList<OperationPlan> plans)
    {
        var (width, height) = info.Upright;
        var needed = plans.Max(p => p.Steps is [Resize r, ..] ? PlanGeometry.ScaleOf(r, width, height) : 1);
        var factor = needed <= 0 ? 8 : 1 / needed;
        return factor >= 8 ? 8 : factor >= 4 ? 4 : factor >= 2 ? 2 : 1;
    }
}
