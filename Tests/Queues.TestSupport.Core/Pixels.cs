using NetVips;

namespace Queues.Tests.Support;

/// <summary>Pixel-level reading of results.</summary>
public static class Pixels
{
    public static Image Decode(byte[] bytes) => Image.NewFromBuffer(bytes);

    /// <summary>The largest difference between any two colour channels of any pixel (0 for a grey image).</summary>
    public static double MaxChannelSpread(byte[] bytes)
    {
        using var image = Decode(bytes);
        var rgb = image.Colourspace(Enums.Interpretation.Srgb);
        if (rgb.HasAlpha()) rgb = rgb.ExtractBand(0, n: 3);
        var rg = (rgb[0] - rgb[1]).Abs().Max();
        var gb = (rgb[1] - rgb[2]).Abs().Max();
        return Math.Max(rg, gb);
    }

    /// <summary>The colour at a pixel, as sRGB.</summary>
    public static double[] At(byte[] bytes, int x, int y)
    {
        using var image = Decode(bytes);
        return image.Colourspace(Enums.Interpretation.Srgb).Getpoint(x, y);
    }
}
