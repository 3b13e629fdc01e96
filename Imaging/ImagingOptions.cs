namespace Queues.Imaging;

public sealed class ImagingOptions
{
    /// <summary>Images with more pixels than this are refused from their header, before any decoding.</summary>
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>libvips worker threads per image; 0 keeps libvips' default (one per core).</summary>
    public int VipsConcurrency { get; set; }

    /// <summary>glibc malloc arenas for the process (<see cref="MallocArenas"/>); 0 keeps glibc's default (8 per core).</summary>
    public int MallocArenas { get; set; } = 2;
}
