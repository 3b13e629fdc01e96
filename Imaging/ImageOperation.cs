using System.Globalization;

namespace Queues.Imaging;

public enum ResizeFit { Fit, Cover, Exact }

public enum WatermarkPosition { TopLeft, TopRight, BottomLeft, BottomRight, Center }

public enum OutputFormat { Jpeg, Png, Webp, Avif }

/// <summary>Which part of the image a fixed-size crop keeps: a side or corner, the centre, or what libvips finds interesting.</summary>
public enum CropGravity { Centre, North, South, East, West, NorthEast, NorthWest, SouthEast, SouthWest, Smart }

/// <summary>One step of a pipeline. ToString gives the canonical spec that travels in <c>ProcessImage</c>.</summary>
public abstract record ImageOperation;

/// <summary>
/// Width or height may be null (keep the aspect ratio from the other one). <paramref name="Enlarge"/>: a smaller
/// image grows to the box; without it (the default) a resize only ever shrinks, except <c>exact</c>, which asks for the box.
/// </summary>
public sealed record Resize(int? Width, int? Height, ResizeFit Fit, bool Enlarge = false) : ImageOperation
{
    public override string ToString() => $"resize:{Width}x{Height}:{Fit.ToString().ToLowerInvariant()}" + (Enlarge ? ":enlarge" : "");
}

/// <summary>The rectangle at <paramref name="Left"/>,<paramref name="Top"/>; it must lie inside the image.</summary>
public sealed record Crop(int Left, int Top, int Width, int Height) : ImageOperation
{
    public override string ToString() => $"crop:{Width}x{Height}+{Left}+{Top}";
}

/// <summary>A <paramref name="Width"/>x<paramref name="Height"/> piece chosen by gravity; larger than the image, it keeps the whole side.</summary>
public sealed record CropTo(int Width, int Height, CropGravity Gravity) : ImageOperation
{
    public override string ToString() => $"crop:{Width}x{Height}:{OperationParser.Kebab(Gravity)}";
}

/// <summary>Clockwise, in quarter turns.</summary>
public sealed record Rotate(int Degrees) : ImageOperation
{
    public override string ToString() => $"rotate:{Degrees}";
}

/// <summary>Upside down (top and bottom swap), as sharp and imgproxy name it.</summary>
public sealed record Flip : ImageOperation
{
    public override string ToString() => "flip";
}

/// <summary>Mirrored (left and right swap).</summary>
public sealed record Flop : ImageOperation
{
    public override string ToString() => "flop";
}

/// <summary>Keep EXIF, XMP and IPTC in the result: by default they are stripped (GPS positions, camera serials).</summary>
public sealed record KeepMetadata : ImageOperation
{
    public override string ToString() => "keep-metadata";
}

/// <summary>Size is the text height in pixels; null scales it to the image.</summary>
public sealed record Watermark(string Text, WatermarkPosition Position, double Opacity, int? Size) : ImageOperation
{
    public override string ToString() =>
        $"watermark:{Text}:position={OperationParser.Kebab(Position)}:opacity={Opacity.ToString(CultureInfo.InvariantCulture)}"
        + (Size is { } size ? $":size={size}" : "");
}

public sealed record Grayscale : ImageOperation
{
    public override string ToString() => "grayscale";
}

public sealed record Sepia : ImageOperation
{
    public override string ToString() => "sepia";
}

public sealed record Blur(double Sigma) : ImageOperation
{
    public override string ToString() => $"blur:{Sigma.ToString(CultureInfo.InvariantCulture)}";
}

public sealed record Sharpen : ImageOperation
{
    public override string ToString() => "sharpen";
}

public sealed record Invert : ImageOperation
{
    public override string ToString() => "invert";
}

/// <summary>What a job asks for: the steps in order, then how to encode the result.</summary>
public sealed record OperationPlan(IReadOnlyList<ImageOperation> Steps, OutputFormat Format, int Quality)
{
    public string[] StepSpecs => Steps.Select(s => s.ToString()).ToArray();

    public string FormatName => Format.ToString().ToLowerInvariant();

    public bool KeepsMetadata => Steps.Any(s => s is KeepMetadata);
}
