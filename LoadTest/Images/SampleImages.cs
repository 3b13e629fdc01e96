using System.Globalization;
using NetVips;

namespace Queues.LoadTest.Images;

public sealed record SampleImage(string Name, byte[] Bytes, string ContentType);

/// <summary>
/// Photos for a run: made in code at given megapixel sizes (<see cref="Queues.Imaging.GeneratedImages"/>, with grain),
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
        var (width, height) = Queues.Imaging.GeneratedImages.FourByThree(megapixels);
        // A fixed seed inside, so every run uploads the same bytes.
        using var photo = Queues.Imaging.GeneratedImages.Gradient(width, height, grain);
        var name = $"generated-{megapixels.ToString(CultureInfo.InvariantCulture)}mp-{width}x{height}"
            + (grain == 12 ? "" : $"-grain{grain.ToString(CultureInfo.InvariantCulture)}") + ".jpg";
        return new SampleImage(name, photo.JpegsaveBuffer(q: quality), "image/jpeg");
    }

    /// <summary>Every JPEG, PNG, WebP, GIF, TIFF or HEIF file directly in <paramref name="folder"/>.</summary>
    public static IReadOnlyList<SampleImage> FromFolder(string folder)
    {
        var images = Directory.EnumerateFiles(folder).Order()
            .Select(path => (path, type: ContentType(path))).Where(f => f.type is not null)
            .Select(f => new SampleImage(Path.GetFileName(f.path), File.ReadAllBytes(f.path), f.type!)).ToList();
        return images.Count > 0 ? images : throw new ArgumentException($"No images (jpg, png, webp, gif, tif, heic) in {folder}");
    }

    static string? ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        ".tif" or ".tiff" => "image/tiff",
        ".heic" or ".heif" => "image/heif",
        _ => null,
    };
}
