using System.Globalization;
using System.Text.RegularExpressions;

namespace Queues.Imaging;

/// <summary>
/// Crop and rotate. A crop rectangle is written as ImageMagick geometry, <c>crop:WxH+X+Y</c>: the list separates
/// operations with commas, so the comma form <c>crop:X,Y,W,H</c> would split into four operations.
/// </summary>
public static partial class OperationParser
{
    /// <summary>Crop offsets and sizes may exceed <see cref="MaxDimension"/> (a wide panorama); the image's own size bounds them.</summary>
    const int MaxCropCoordinate = 1_000_000;

    static ImageOperation ParseCrop(Arguments args, CropGravity? gravity)
    {
        var geometry = args.Positional.Count > 0 ? args.Positional[0] : throw new FormatException("needs a size: crop:WxH+X+Y or crop:WxH[:gravity]");
        var area = CropPattern().Match(geometry);
        if (!area.Success) throw new FormatException("size must look like 400x300 (a centred piece) or 400x300+10+20 (width x height + left + top)");
        var (width, height) = (CropNumber(area.Groups[1].Value, 1), CropNumber(area.Groups[2].Value, 1));
        if (area.Groups[3].Success)
        {
            if (gravity is not null || args.Positional.Count > 1 || args.Named.Count > 0)
                throw new FormatException("a rectangle with an offset takes no gravity");
            return new Crop(CropNumber(area.Groups[3].Value, 0), CropNumber(area.Groups[4].Value, 0), width, height);
        }
        if (args.Positional.Count > 2) throw new FormatException("takes a size and a gravity");
        return new CropTo(width, height, gravity ?? ParseGravity(args.Text("gravity", 1, "centre")));
    }

    static CropGravity ParseGravity(string text) => text.Replace("-", "").Replace("_", "").ToLowerInvariant() switch
    {
        "centre" or "center" or "middle" => CropGravity.Centre,
        "north" or "top" or "n" => CropGravity.North,
        "south" or "bottom" or "s" => CropGravity.South,
        "east" or "right" or "e" => CropGravity.East,
        "west" or "left" or "w" => CropGravity.West,
        "northeast" or "ne" => CropGravity.NorthEast,
        "northwest" or "nw" => CropGravity.NorthWest,
        "southeast" or "se" => CropGravity.SouthEast,
        "southwest" or "sw" => CropGravity.SouthWest,
        "smart" or "attention" => CropGravity.Smart,
        var other => throw new FormatException($"unknown gravity '{other}' (centre, north, south, east, west, north-east, north-west, south-east, south-west or smart)"),
    };

    static Rotate ParseRotate(Arguments args)
    {
        var degrees = args.Number("degrees", 0, double.NaN, -270, 270);
        return degrees switch
        {
            90 or -270 => new Rotate(90),
            180 or -180 => new Rotate(180),
            270 or -90 => new Rotate(270),
            _ => throw new FormatException("rotate takes 90, 180 or 270 (clockwise)"),
        };
    }

    static int CropNumber(string digits, int min) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= MaxCropCoordinate
            ? value
            : throw new FormatException($"crop sizes are {min} to {MaxCropCoordinate} pixels");

    [GeneratedRegex(@"^(\d+)x(\d+)(?:\+(\d+)\+(\d+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex CropPattern();
}
