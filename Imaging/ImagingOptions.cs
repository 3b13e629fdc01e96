using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.Imaging;

/// <summary>Section "Imaging".</summary>
public sealed class ImagingOptions
{
    /// <summary>Images with more pixels than this are refused from their header, before any decoding.</summary>
    [Range(typeof(long), "1", "10000000000")]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>libvips worker threads per image; 0 keeps libvips' default (one per core).</summary>
    [Range(0, 1024)]
    public int VipsConcurrency { get; set; }

    /// <summary>glibc malloc arenas for the process (<see cref="MallocArenas"/>); 0 keeps glibc's default (8 per core).</summary>
    [Range(0, 1024)]
    public int MallocArenas { get; set; } = 2;
}

[OptionsValidator]
public sealed partial class ImagingOptionsValidator : IValidateOptions<ImagingOptions>;
