using Queues.Contracts;
using NetVips;

namespace Queues.Imaging;

/// <param name="Sideways">EXIF orientation 5 to 8: shown upright (as the pipeline turns it), width and height swap.</param>
public sealed record ImageInfo(string Format, int Width, int Height, bool Sideways = false)
{
    public (int Width, int Height) Upright => Sideways ? (Height, Width) : (Width, Height);

    public string Extension => ImageFormats.Named(Format).Extension;

    public string ContentType => ImageFormats.Named(Format).ContentType;
}

/// <summary>Checks an upload from its header alone: is it an image we accept, and is it small enough to decode.</summary>
public static class ImageInspector
{
    // libvips loader class name fragment -> format. Anything else (SVG, PDF, raw matrices…) is refused.
    static readonly (string Loader, string Format)[] Accepted =
    [
        ("Jpeg", "jpeg"), ("Png", "png"), ("Webp", "webp"), ("Gif", "gif"), ("Tiff", "tiff"), ("Heif", "heif"),
    ];

    public const string AcceptedFormats = "JPEG, PNG, WebP, GIF, TIFF, HEIF/AVIF";

    public static ImageInfo Inspect(byte[] bytes, long maxPixels)
    {
        if (bytes.Length == 0) throw new ImageRejectedException(FailureKind.Empty, "The file is empty.");

        var loader = Image.FindLoadBuffer(bytes);
        if (loader is null)
            throw new ImageRejectedException(FailureKind.NotAnImage,
                $"The file is not an image: no image format recognised in its content ({Describe(bytes)}). Accepted: {AcceptedFormats}.");

        var format = Accepted.FirstOrDefault(a => loader.Contains(a.Loader, StringComparison.OrdinalIgnoreCase)).Format
            ?? throw new ImageRejectedException(FailureKind.UnsupportedFormat,
                $"The image format ({loader.Replace("VipsForeignLoad", "").Replace("Buffer", "")}) is not accepted. Accepted: {AcceptedFormats}.");

        int width, height;
        bool sideways;
        try
        {
            // Opening reads the header only; pixels are decoded lazily and never here.
            using var header = Image.NewFromBuffer(bytes, access: Enums.Access.Sequential);
            (width, height) = (header.Width, header.Height);
            sideways = header.Contains("orientation") && header.Get("orientation") is int orientation and >= 5 and <= 8;
        }
        catch (VipsException e)
        {
            throw new ImageRejectedException(FailureKind.Corrupt, $"The {format} header is unreadable: {FirstLine(e.Message)}");
        }

        if ((long)width * height > maxPixels)
            throw new ImageRejectedException(FailureKind.TooManyPixels,
                $"The image is {width}x{height} ({(long)width * height / 1e6:0.#} megapixels), above the limit of {maxPixels / 1e6:0.#} megapixels.");

        return new ImageInfo(format, width, height, sideways);
    }

    internal static string FirstLine(string message) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.Length > 0)
        ?? message;

    static string Describe(byte[] bytes)
    {
        var head = bytes.AsSpan(0, Math.Min(bytes.Length, 512));
        var printable = 0;
        foreach (var b in head) if (b is >= 0x20 and < 0x7f or (byte)'\n' or (byte)'\r' or (byte)'\t') printable++;
        return printable == head.Length ? "it looks like text" : $"{bytes.Length} bytes of unrecognised data";
    }
}
