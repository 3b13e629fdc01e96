namespace Queues.Imaging;

/// <summary>One row per image format the pipeline reads or writes: its libvips name, file extension and media type.</summary>
public sealed record ImageFormat(string Name, string Extension, string ContentType);

/// <summary>The one table of formats, extensions and content types: the inspector, the encoder and the tools read it.</summary>
public static class ImageFormats
{
    public static readonly ImageFormat Jpeg = new("jpeg", "jpg", "image/jpeg");
    public static readonly ImageFormat Png = new("png", "png", "image/png");
    public static readonly ImageFormat Webp = new("webp", "webp", "image/webp");
    public static readonly ImageFormat Gif = new("gif", "gif", "image/gif");
    public static readonly ImageFormat Tiff = new("tiff", "tiff", "image/tiff");
    public static readonly ImageFormat Heif = new("heif", "heif", "image/heif");
    /// <summary>Written only (format:avif); an uploaded AVIF is read by the HEIF loader and reported as heif.</summary>
    public static readonly ImageFormat Avif = new("avif", "avif", "image/avif");

    public static readonly IReadOnlyList<ImageFormat> All = [Jpeg, Png, Webp, Gif, Tiff, Heif];

    public static ImageFormat Named(string name) =>
        All.FirstOrDefault(f => f.Name == name) ?? throw new ArgumentException($"Unknown image format '{name}'", nameof(name));

    /// <summary>By a file's extension ("photo.JPEG" → JPEG), or null for a file that is not one of ours.</summary>
    public static ImageFormat? OfPath(string path) => Path.GetExtension(path).TrimStart('.').ToLowerInvariant() switch
    {
        "jpg" or "jpeg" => Jpeg,
        "tif" => Tiff,
        "heic" => Heif,
        var ext => All.FirstOrDefault(f => f.Extension == ext),
    };
}
