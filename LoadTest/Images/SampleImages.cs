using System.Globalization;
using NetVips;
using Queues.Imaging;

namespace Queues.LoadTest.Images;

public sealed record SampleImage(string Name, byte[] Bytes, string ContentType);

/// <summary>
/// Photos for a run: made in code at given megapixel sizes (<see cref="GeneratedImages"/>, with grain),
/// or read from a folder.
/// </summary>
public static class SampleImages
{
    public static IReadOnlyList<SampleImage> Generate(IEnumerable<double> megapixels) =>
        megapixels.Select(mp => Jpeg(mp)).ToList();

    /// <summary>A 4:3 JPEG of about <paramref name="megapixels"/> million pixels (1 → 1155x866, 12 → 4000x3000).</summary>
    /// <param name="grain">Standard deviation of the noise: more grain, more bytes to entropy-decode.</param>
    public static SampleImage Jpeg(double megapixels, int quality = 90, double grain = 12)
    {
        var (width, height) = GeneratedImages.FourByThree(megapixels);
        // A fixed seed inside, so every run uploads the same bytes.
        using var photo = GeneratedImages.Gradient(width, height, grain);
        var name = $"generated-{megapixels.ToString(CultureInfo.InvariantCulture)}mp-{width}x{height}"
            + (grain == 12 ? "" : $"-grain{grain.ToString(CultureInfo.InvariantCulture)}") + ".jpg";
        return new SampleImage(name, photo.JpegsaveBuffer(q: quality), ImageFormats.Jpeg.ContentType);
    }

    /// <summary>Every JPEG, PNG, WebP, GIF, TIFF or HEIF file directly in <paramref name="folder"/>.</summary>
    public static IReadOnlyList<SampleImage> FromFolder(string folder)
    {
        var images = Directory.EnumerateFiles(folder).Order()
            .Select(path => (path, type: ContentType(path))).Where(f => f.type is not null)
            .Select(f => new SampleImage(Path.GetFileName(f.path), File.ReadAllBytes(f.path), f.type!)).ToList();
        return images.Count > 0 ? images : throw new ArgumentException($"No images (jpg, png, webp, gif, tif, heic) in {folder}");
    }

    static string? ContentType(string path) => ImageFormats.OfPath(path)?.ContentType;
}
