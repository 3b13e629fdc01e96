using Queues.Contracts;
using Microsoft.Extensions.Options;
using NetVips;

namespace Queues.Imaging;

public sealed record ProcessedImage(byte[] Bytes, string ContentType, string Extension, int Width, int Height, ImageSummary Summary);

/// <summary>Runs an <see cref="OperationPlan"/> over libvips. libvips is lazy: the steps build one pipeline
/// that is evaluated once, when the result is encoded.</summary>
public sealed partial class ImagePipeline(IOptions<ImagingOptions> options)
{
    const int MaxCoord = 10_000_000; // libvips' VIPS_MAX_COORD: "no limit" for the free side of a resize

    // Refuse truncated data instead of returning a grey-filled image. ThumbnailBuffer ignores its own
    // failOn argument (libvips 8.18), so the setting goes to the loader through the option string.
    const string LoaderOptions = "fail_on=truncated";

    /// <param name="progress">Percent of the pixels computed: libvips evaluates every step at once while encoding, so this
    /// is the progress of the whole job, not of one step.</param>
    /// <param name="cancellationToken">Kills the evaluation between tiles (libvips' kill flag); throws <see cref="OperationCanceledException"/>.</param>
    public ProcessedImage Run(byte[] input, OperationPlan plan, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var info = ImageInspector.Inspect(input, options.Value.MaxPixels);
        return Guarded(input, info, plan.StepSpecs, cancellationToken, created =>
        {
            // Shrink-on-load: when the first step is a resize, the decoder produces (about) the target size
            // directly, so a 12 MP photo never exists in memory at full size.
            var steps = plan.Steps;
            var image = Track(created, steps is [Resize first, ..]
                ? Image.ThumbnailBuffer(input, first.Width ?? MaxCoord, LoaderOptions, height: first.Height,
                    size: SizeOf(first), crop: first.Fit == ResizeFit.Cover ? Enums.Interesting.Centre : null)
                : Image.NewFromBuffer(input, failOn: Enums.FailOn.Truncated).Autorot());
            var profiled = ColourPolicy.HasProfile(image);
            var srgb = Track(created, ColourPolicy.ToSrgb(image));
            return Finish(created, srgb, plan, steps is [Resize, ..] ? 1 : 0, profiled, progress, cancellationToken);
        });
    }

    /// <summary>Runs <paramref name="work"/>, disposing every image it made, and names a libvips failure for a person.</summary>
    static T Guarded<T>(byte[] input, ImageInfo info, IEnumerable<string> specs, CancellationToken cancellationToken, Func<List<Image>, T> work)
    {
        var created = new List<Image>();
        try
        {
            return work(created);
        }
        catch (VipsException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The image's evaluation was stopped", cancellationToken);
        }
        catch (VipsException e)
        {
            // libvips is lazy: decoding and every step run together at encode time, so the error alone does not say
            // which failed. Decoding the original on its own does, at a cost paid only on this failure path.
            // libvips keeps one error buffer for the whole process, so e.Message can carry another thread's failure
            // (a text file's "buffer is not in a known format" was once reported for a truncated JPEG): a cut-short
            // file, the common case, is named from what the decodes showed, not from that text.
            throw Decoding(input) switch
            {
                Decode.Whole => new ImageRejectedException(FailureKind.ProcessingError,
                    $"The image could not be processed with {string.Join(',', specs)}: {ImageInspector.FirstLine(e.Message)}"),
                Decode.CutShort => new ImageRejectedException(FailureKind.Corrupt,
                    $"The image data is corrupt or truncated: the {info.Format.ToUpperInvariant()} data ends before the whole image is decoded (the file is cut short)"),
                _ => new ImageRejectedException(FailureKind.Corrupt,
                    $"The image data is corrupt or truncated: {ImageInspector.FirstLine(e.Message)}"),
            };
        }
        finally
        {
            foreach (var image in created) image.Dispose();
        }
    }

    /// <summary>The plan's steps from <paramref name="skip"/> on, then the encoder.</summary>
    static ProcessedImage Finish(List<Image> created, Image image, OperationPlan plan, int skip, bool profiled,
        IProgress<int>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var step in plan.Steps.Skip(skip))
            image = Track(created, Apply(Normalise(image), step));
        var final = Track(created, Normalise(image));
        if (progress is not null || cancellationToken.CanBeCanceled) final.SetProgress(progress ?? NoProgress.Instance, cancellationToken);
        return Encode(final, plan, profiled);
    }

    enum Decode { Whole, CutShort, Broken }

    static Decode Decoding(byte[] input) =>
        DecodesWhole(input, Enums.FailOn.Truncated) ? Decode.Whole
        : DecodesWhole(input, Enums.FailOn.None) ? Decode.CutShort // what fails only on truncation, and decodes without that check
        : Decode.Broken;

    static bool DecodesWhole(byte[] input, Enums.FailOn failOn)
    {
        try
        {
            using var image = Image.NewFromBuffer(input, failOn: failOn, access: Enums.Access.Sequential);
            image.Avg(); // reads every pixel
            return true;
        }
        catch (VipsException)
        {
            return false;
        }
    }

    static Image Apply(Image image, ImageOperation step) => step switch
    {
        Resize r => image.ThumbnailImage(r.Width ?? MaxCoord, height: r.Height ?? MaxCoord, size: SizeOf(r),
            crop: r.Fit == ResizeFit.Cover ? Enums.Interesting.Centre : null),
        Crop c => GeometrySteps.Crop(image, c),
        CropTo c => GeometrySteps.CropTo(image, c),
        Rotate r => GeometrySteps.Rotate(image, r),
        Flip => GeometrySteps.Flip(image),
        Flop => GeometrySteps.Flop(image),
        KeepMetadata => image,
        Grayscale => image.Colourspace(Enums.Interpretation.Bw),
        Sepia => WithoutAlpha(ToSrgb(image), rgb => rgb.Recomb(SepiaMatrix).Cast(Enums.BandFormat.Uchar)),
        Blur b => image.Gaussblur(b.Sigma),
        Sharpen => WithoutAlpha(image, bands => bands.Sharpen()),
        Invert => WithoutAlpha(image, bands => bands.Invert()),
        Watermark w => WatermarkDrawing.Draw(ToSrgb(image), w),
        _ => throw new ImageRejectedException(FailureKind.InvalidOperation, $"Operation {step} is not implemented."),
    };

    /// <summary>Shrinks only, unless the step asks to enlarge; <c>exact</c> asks for its box either way.</summary>
    static Enums.Size SizeOf(Resize r) => r.Fit == ResizeFit.Exact ? Enums.Size.Force : r.Enlarge ? Enums.Size.Both : Enums.Size.Down;

    static ProcessedImage Encode(Image image, OperationPlan plan, bool profiled)
    {
        if (plan.Format == OutputFormat.Jpeg && image.HasAlpha()) image = image.Flatten(background: [255]);
        var (keep, profile) = ColourPolicy.Saving(image, plan.KeepsMetadata, profiled);
        var bytes = plan.Format switch
        {
            OutputFormat.Png => image.PngsaveBuffer(keep: keep, profile: profile),
            OutputFormat.Webp => image.WebpsaveBuffer(q: plan.Quality, keep: keep, profile: profile),
            OutputFormat.Avif => image.HeifsaveBuffer(q: plan.Quality, compression: Enums.ForeignHeifCompression.Av1, keep: keep, profile: profile),
            _ => image.JpegsaveBuffer(q: plan.Quality, keep: keep, profile: profile),
        };
        var format = plan.Format switch
        {
            OutputFormat.Png => ImageFormats.Png, OutputFormat.Webp => ImageFormats.Webp, OutputFormat.Avif => ImageFormats.Avif, _ => ImageFormats.Jpeg,
        };
        return new(bytes, format.ContentType, format.Extension, image.Width, image.Height, ImageSummary.Of(bytes));
    }

    /// <summary>8-bit sRGB or 8-bit grey: what every step expects and every encoder writes.</summary>
    static Image Normalise(Image image) => image switch
    {
        { Interpretation: Enums.Interpretation.Srgb or Enums.Interpretation.Bw, Format: Enums.BandFormat.Uchar } => image,
        { Interpretation: Enums.Interpretation.Bw or Enums.Interpretation.Grey16 } => image.Colourspace(Enums.Interpretation.Bw).Cast(Enums.BandFormat.Uchar),
        _ => image.Colourspace(Enums.Interpretation.Srgb).Cast(Enums.BandFormat.Uchar),
    };

    internal static Image ToSrgb(Image image) =>
        image.Interpretation == Enums.Interpretation.Srgb ? image : image.Colourspace(Enums.Interpretation.Srgb);

    /// <summary>Applies a colour step to the colour bands only, leaving any alpha band as it was.</summary>
    static Image WithoutAlpha(Image image, Func<Image, Image> step)
    {
        if (!image.HasAlpha()) return step(image);
        var colour = image.ExtractBand(0, n: image.Bands - 1);
        return step(colour).Cast(Enums.BandFormat.Uchar).Bandjoin(image.ExtractBand(image.Bands - 1))
            .Copy(interpretation: image.Interpretation);
    }

    static Image Track(List<Image> created, Image image)
    {
        created.Add(image);
        return image;
    }

    static readonly Image SepiaMatrix = Image.NewFromArray(new[,]
    {
        { 0.393, 0.769, 0.189 },
        { 0.349, 0.686, 0.168 },
        { 0.272, 0.534, 0.131 },
    });

    sealed class NoProgress : IProgress<int>
    {
        public static readonly NoProgress Instance = new();

        public void Report(int value) { }
    }
}
