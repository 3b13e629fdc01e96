using System.Globalization;

namespace Queues.Imaging;

public enum ResizeFit { Fit, Cover, Exact }

public enum WatermarkPosition { TopLeft, TopRight, BottomLeft, BottomRight, Center }

public enum OutputFormat { Jpeg, Png, Webp }

/// <summary>One step of a pipeline. ToString gives the canonical spec that travels in <c>ProcessImage</c>.</summary>
public abstract record ImageOperation;

/// <summary>Width or height may be null (keep the aspect ratio from the other one).</summary>
public sealed record Resize(int? Width, int? Height, ResizeFit Fit) : ImageOperation
{
    public override string ToString() => $"resize:{Width}x{Height}:{Fit.ToString().ToLowerInvariant()}";
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
}
