using NetVips;

namespace Queues.Imaging;

/// <summary>
/// The small picture of an original that a list of jobs shows: 160 px WebP, a few KB, made once by the worker that
/// processes the job (from the pixels it decodes anyway, see <see cref="ImagePipeline.RunWithPreview"/>), so that a
/// dashboard page never loads full-size originals (3.3 MB each for a 12 MP photo).
/// </summary>
public static class Preview
{
    public const int Side = 160;
    public const string ContentType = "image/webp";

    /// <summary>
    /// From the original apart: shrink-on-load makes the decode cheaper for JPEG and WebP (the decoder produces about
    /// 160 px directly), but a JPEG's entropy decoding is still paid in full. Null when the pixels cannot be decoded.
    /// </summary>
    public static byte[]? Make(byte[] original)
    {
        try
        {
            using var small = Image.ThumbnailBuffer(original, Side, "fail_on=truncated", height: Side, size: Enums.Size.Down);
            return Encode(small);
        }
        catch (VipsException)
        {
            return null;
        }
    }

    /// <summary>From pixels already decoded (upright, sRGB): a resize and an encode.</summary>
    public static byte[] From(Image decoded)
    {
        using var small = decoded.ThumbnailImage(Side, height: Side, size: Enums.Size.Down);
        return Encode(small);
    }

    static byte[] Encode(Image small) => small.WebpsaveBuffer(q: 70, keep: Enums.ForeignKeep.None);
}
