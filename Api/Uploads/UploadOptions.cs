using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.Api.Uploads;

/// <summary>Section "Uploads".</summary>
public sealed class UploadOptions
{
    /// <summary>Largest accepted image file; larger uploads get 413 before their body is read.</summary>
    [Range(typeof(long), "1", "1000000000000")]
    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>
    /// An upload up to this size is buffered in memory; a larger one in a temporary file (ASP.NET Core's default
    /// threshold is 64 KB, which sent every photo through the disk: 5 % of the Api's CPU samples in a 200-job run).
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MemoryBufferBytes { get; set; } = 1024 * 1024;

    /// <summary>Most jobs one POST /jobs/batch may create.</summary>
    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 1000;

    /// <summary>Most files one POST /batches may carry; all of them together stay within <see cref="MaxBytes"/>, the request's limit.</summary>
    [Range(1, 1000)]
    public int MaxFilesPerBatch { get; set; } = 1000;
}

[OptionsValidator]
public sealed partial class UploadOptionsValidator : IValidateOptions<UploadOptions>;
