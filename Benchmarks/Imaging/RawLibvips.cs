using NetVips;

namespace Queues.Benchmarks.Imaging;

/// <summary>The baseline every pipeline number is compared with: the least libvips can do for the default job.</summary>
static class RawLibvips
{
    public const string Name = "raw libvips: ThumbnailBuffer 320 + Colourspace(b-w) + JpegsaveBuffer";

    public static int Thumbnail(byte[] photo)
    {
        using var thumbnail = Image.ThumbnailBuffer(photo, 320, height: 320);
        using var grey = thumbnail.Colourspace(Enums.Interpretation.Bw);
        return grey.JpegsaveBuffer(q: 85, keep: Enums.ForeignKeep.None).Length;
    }

    /// <summary>What the worker does at start-up (no operation cache: a queue never sees the same image twice),
    /// plus one libvips thread per image, so that numbers are per core.</summary>
    public static void SetUpLikeAWorkerOnOneCore()
    {
        Cache.Max = 0;
        NetVips.NetVips.Concurrency = 1;
    }
}
