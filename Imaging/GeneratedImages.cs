using NetVips;

namespace Queues.Imaging;

/// <summary>
/// The one generator of sample pictures (tests, load runs, benchmarks): a colour gradient, red left to right, green
/// top to bottom, blue opposite to red, with optional fine grain so it compresses like a photo (a few hundred KB per
/// megapixel at quality 90) instead of like a flat test card that decodes unrealistically fast.
/// </summary>
public static class GeneratedImages
{
    /// <param name="grain">Standard deviation of the noise (0: none); a fixed seed, so the same call makes the same pixels.</param>
    public static Image Gradient(int width, int height, double grain = 0)
    {
        using var xyz = Image.Xyz(width, height);
        using var x = xyz[0];
        using var y = xyz[1];
        using var red = x * (255.0 / width);
        using var green = y * (255.0 / height);
        using var blue = 255 - red;
        using var rgb = red.Bandjoin(green, blue);
        using var noisy = grain > 0 ? rgb + Image.Gaussnoise(width, height, sigma: grain, mean: 0, seed: 42) : rgb.Copy();
        return noisy.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
    }

    /// <summary>Width and height of a 4:3 picture of about <paramref name="megapixels"/> million pixels (1 → 1155x866, 12 → 4000x3000).</summary>
    public static (int Width, int Height) FourByThree(double megapixels)
    {
        var width = (int)Math.Round(Math.Sqrt(megapixels * 1e6 * 4 / 3));
        return (width, (int)Math.Round(width * 3 / 4.0));
    }
}
