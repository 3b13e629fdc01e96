using Queues.Contracts;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Queues.Imaging;

/// <summary>
/// Reads operation lists such as the classroom shorthand <c>resize,watermark,filter</c> or the
/// parameterised form <c>resize:800x600:cover,blur:2,watermark:Hello:position=top-left,format:webp:80</c>.
/// Each operation is a name followed by ':'-separated arguments, positional or <c>key=value</c>.
/// </summary>
public static partial class OperationParser
{
    public const int MaxOperations = 20;
    public const int MaxDimension = 10_000;

    public const string Allowed =
        "resize[:WxH[:fit|cover|exact][:enlarge]] (W, H 1..10000; shrinks only, unless :enlarge), "
        + "crop:WxH+X+Y (a rectangle inside the image) or crop:WxH[:centre|north|south|east|west|north-east|north-west|south-east|south-west|smart], "
        + "smartcrop:WxH, rotate:90|180|270, flip (upside down), flop (mirror), "
        + "watermark[:text[:position=top-left|top-right|bottom-left|bottom-right|center]"
        + "[:opacity=0.01..1][:size=6..500 px]], grayscale, sepia, blur[:sigma 0.1..50], sharpen, invert, "
        + "filter[:grayscale|sepia|blur|sharpen|invert], keep-metadata (keep EXIF/XMP/IPTC; stripped by default), "
        + "format:jpeg|png|webp|avif[:quality 1..100]";

    public static OperationPlan Default { get; } =
        new([new Resize(320, 320, ResizeFit.Fit), new Grayscale()], OutputFormat.Jpeg, 85);

    /// <summary>"resize:320x320:fit" → "resize": the operation without its parameters, e.g. for a metric label.</summary>
    public static string NameOf(string spec) => spec.Split(':', 2)[0];

    /// <summary>"resize+grayscale": a job's operations without their parameters, which would explode a label space.</summary>
    public static string SetOf(string[] specs) => specs.Length == 0 ? "none" : string.Join('+', specs.Select(NameOf));

    /// <summary>Parses a whole list; an empty list means the default pipeline.</summary>
    public static bool TryParse(string? spec, out OperationPlan plan, out string error) =>
        TryParse(string.IsNullOrWhiteSpace(spec) ? [] : spec.Split(',', '\n'), null, out plan, out error);

    /// <summary>Parses operations that may come as several form values, each holding one or more operations.</summary>
    public static bool TryParse(IEnumerable<string> specs, string? format, out OperationPlan plan, out string error)
    {
        var steps = new List<ImageOperation>();
        var errors = new List<string>();
        var output = (Format: OutputFormat.Jpeg, Quality: 85);
        var formatSeen = false;
        var tokens = specs.SelectMany(s => s.Split(',', '\n')).Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
        if (format is not null) tokens.Add("format:" + format);

        foreach (var token in tokens)
        {
            try
            {
                var parts = token.Split(':').Select(p => p.Trim()).ToArray();
                var args = Arguments.From(parts[1..]);
                var name = parts[0].ToLowerInvariant();
                if (name is "filter")
                    (name, args) = args.Positional.Count == 0
                        ? ("grayscale", args)
                        : (args.Positional[0].ToLowerInvariant(), Arguments.From(parts[2..]));

                if (name is "format" or "output")
                {
                    if (formatSeen) throw new FormatException("'format' may appear only once");
                    formatSeen = true;
                    output = ParseFormat(args);
                    continue;
                }
                steps.Add(ParseStep(name, args));
            }
            catch (FormatException e)
            {
                errors.Add($"'{token}': {e.Message}");
            }
        }

        if (steps.Count > MaxOperations) errors.Add($"at most {MaxOperations} operations are allowed, got {steps.Count}");
        if (errors.Count > 0)
        {
            plan = Default;
            error = string.Join("; ", errors) + ". Allowed: " + Allowed;
            return false;
        }

        plan = steps.Count == 0 && !formatSeen
            ? Default
            : new OperationPlan(steps.Count == 0 ? Default.Steps : steps, output.Format, output.Quality);
        error = "";
        return true;
    }

    /// <summary>Rebuilds a plan from a <c>ProcessImage</c> message; a bad spec there is a permanent fault.</summary>
    public static OperationPlan FromMessage(string[] operations, string outputFormat, int quality)
    {
        if (!TryParse(operations, $"{outputFormat}:{quality}", out var plan, out var error))
            throw new ImageRejectedException(FailureKind.InvalidOperation, "Invalid operations: " + error);
        return plan;
    }

    static ImageOperation ParseStep(string name, Arguments args) => name switch
    {
        "resize" or "thumbnail" => ParseResize(args),
        "watermark" or "text" => ParseWatermark(args),
        "grayscale" or "greyscale" or "gray" or "grey" => args.None(new Grayscale()),
        "sepia" => args.None(new Sepia()),
        "blur" => new Blur(args.Number("sigma", 0, 2.0, 0.1, 50)),
        "sharpen" => args.None(new Sharpen()),
        "invert" or "negate" => args.None(new Invert()),
        "crop" => ParseCrop(args, null),
        "smartcrop" => ParseCrop(args, CropGravity.Smart),
        "rotate" => ParseRotate(args),
        "flip" => args.None(new Flip()),
        "flop" or "mirror" => args.None(new Flop()),
        "keep-metadata" => args.None(new KeepMetadata()),
        _ => throw new FormatException($"unknown operation '{name}'"),
    };

    static Resize ParseResize(Arguments args)
    {
        int? width = 320, height = 320;
        if (args.Positional.Count > 0)
        {
            // "800x600", "800x" (height follows), "x600" (width follows), or "800" (a square box).
            var m = SizePattern().Match(args.Positional[0]);
            if (!m.Success || (m.Groups[1].Value.Length == 0 && m.Groups[3].Value.Length == 0))
                throw new FormatException("size must look like 800x600, 800x, x600 or 800");
            width = m.Groups[1].Value.Length > 0 ? Dimension(m.Groups[1].Value) : null;
            height = m.Groups[3].Value.Length > 0 ? Dimension(m.Groups[3].Value)
                : m.Groups[2].Success ? null : width;
        }
        var enlarge = args.Switch("enlarge");
        args = args.Without("enlarge");
        width = args.Named.ContainsKey("width") ? (int)args.Number("width", -1, 0, 1, MaxDimension) : width;
        height = args.Named.ContainsKey("height") ? (int)args.Number("height", -1, 0, 1, MaxDimension) : height;
        if (width is < 1 or > MaxDimension || height is < 1 or > MaxDimension)
            throw new FormatException($"width and height must be between 1 and {MaxDimension}");
        // The words mean what they mean in sharp (inside, cover) and ImageMagick (force); sharp's "contain" letterboxes
        // and its "fill" stretches where imgproxy's fills the box by cropping, so those two are refused, not guessed.
        var fit = args.Text("fit", 1, "fit").ToLowerInvariant() switch
        {
            "fit" or "inside" => ResizeFit.Fit,
            "cover" or "crop" => ResizeFit.Cover,
            "exact" or "force" or "stretch" => ResizeFit.Exact,
            "contain" => throw new FormatException("'contain' letterboxes in sharp, which this pipeline does not do: fit (inside the box) or cover (filling it, cropped)"),
            "fill" => throw new FormatException("'fill' stretches in sharp and crops in imgproxy: exact (stretched to the box) or cover (filling it, cropped)"),
            var other => throw new FormatException($"unknown fit '{other}' (fit, cover or exact)"),
        };
        if (fit != ResizeFit.Fit && (width is null || height is null))
            throw new FormatException($"'{fit.ToString().ToLowerInvariant()}' needs both a width and a height");
        return new Resize(width, height, fit, enlarge);
    }

    /// <summary>Digits only (the pattern saw to that), but possibly more than an int holds.</summary>
    static int Dimension(string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxDimension
            ? value
            : throw new FormatException($"width and height must be between 1 and {MaxDimension}");

    static Watermark ParseWatermark(Arguments args)
    {
        var text = args.Text("text", 0, "Queues");
        if (text.Length is 0 or > 100) throw new FormatException("text must be 1 to 100 characters");
        var position = args.Text("position", 1, "bottom-right").Replace("-", "").Replace("_", "").ToLowerInvariant() switch
        {
            "topleft" or "tl" => WatermarkPosition.TopLeft,
            "topright" or "tr" => WatermarkPosition.TopRight,
            "bottomleft" or "bl" => WatermarkPosition.BottomLeft,
            "bottomright" or "br" => WatermarkPosition.BottomRight,
            "center" or "centre" or "middle" => WatermarkPosition.Center,
            var other => throw new FormatException($"unknown position '{other}'"),
        };
        var opacity = args.Number("opacity", 2, 0.5, 0.01, 1);
        int? size = args.Named.ContainsKey("size") || args.Positional.Count > 3 ? (int)args.Number("size", 3, 0, 6, 500) : null;
        return new Watermark(text, position, opacity, size);
    }

    static (OutputFormat, int) ParseFormat(Arguments args)
    {
        var format = args.Text("format", 0, "jpeg").ToLowerInvariant() switch
        {
            "jpeg" or "jpg" => OutputFormat.Jpeg,
            "png" => OutputFormat.Png,
            "webp" => OutputFormat.Webp,
            "avif" => OutputFormat.Avif,
            var other => throw new FormatException($"unknown format '{other}' (jpeg, png, webp or avif)"),
        };
        var quality = args.Named.ContainsKey("q") ? args.Number("q", -1, 85, 1, 100) : args.Number("quality", 1, 85, 1, 100);
        return (format, (int)quality);
    }

    internal static string Kebab(Enum value) =>
        KebabPattern().Replace(value.ToString(), "$1-$2").ToLowerInvariant();

    [GeneratedRegex(@"^(\d*)(x(\d*))?$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex KebabPattern();
}
