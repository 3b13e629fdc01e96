using NetVips;

namespace Queues.Imaging;

/// <summary>What a page can show before the image arrives: its BlurHash and its dominant colour.</summary>
public sealed record ImageSummary(string BlurHash, string DominantColour)
{
    const int Side = 32;

    /// <summary>
    /// From the encoded result, decoded again at 32 px: cheap next to the job, and it does not run the lazy pipeline a
    /// second time, which summarising the unencoded image would.
    /// </summary>
    public static ImageSummary Of(byte[] encoded)
    {
        using var small = Image.ThumbnailBuffer(encoded, Side, height: Side);
        using var flat = small.HasAlpha() ? small.Flatten(background: [255]) : small.Copy();
        using var rgb = flat.Colourspace(Enums.Interpretation.Srgb).Cast(Enums.BandFormat.Uchar);
        var pixels = rgb.WriteToMemory<byte>();
        return new(Imaging.BlurHash.Encode(pixels, rgb.Width, rgb.Height), Dominant(pixels));
    }

    /// <summary>The mean of the pixels in the fullest box of a 16×16×16 colour histogram: the colour most of the image is near.</summary>
    static string Dominant(byte[] rgb)
    {
        var counts = new int[4096];
        var sums = new long[4096 * 3];
        for (var p = 0; p < rgb.Length; p += 3)
        {
            var box = (rgb[p] >> 4 << 8) | (rgb[p + 1] >> 4 << 4) | (rgb[p + 2] >> 4);
            counts[box]++;
            for (var c = 0; c < 3; c++) sums[box * 3 + c] += rgb[p + c];
        }
        var fullest = Array.IndexOf(counts, counts.Max());
        var n = counts[fullest];
        return $"#{sums[fullest * 3] / n:x2}{sums[fullest * 3 + 1] / n:x2}{sums[fullest * 3 + 2] / n:x2}";
    }
}
