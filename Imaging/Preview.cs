using NetVips;

namespace Queues.Imaging;

/// <summary>
/// The small picture of an original that a list of jobs shows: 160 px WebP, a few KB, made once by the Api on the first
/// request for it (GET /jobs/{id}/preview), so that a dashboard page never loads full-size originals (3.3 MB each for a
/// 12 MP photo) and a job nobody looks at costs none.
/// </summary>
public static class Preview
{
    public const int Side = 160;
    public const string ContentType = "image/webp";

    /// <summary>
    /// Shrink-on-load makes the decode cheaper for JPEG and WebP (the decoder produces about 160 px directly), but a
    /// JPEG's entropy decoding is still paid in full. Null when the pixels cannot be decoded.
    /// </summary>
    public static byte[]? Make(byte[] original)
    {
        try
        {
            using var small = Image.ThumbnailBuffer(original, Side, "fail_on=truncated", height: Side, size: Enums.Size.Down);
            return small.WebpsaveBuffer(q: 70, keep: Enums.ForeignKeep.None);
        }
        catch (VipsException)
        {
            return null;
        }
    }
}
