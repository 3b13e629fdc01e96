namespace Queues.Api.Uploads;

public sealed class UploadOptions
{
    /// <summary>Largest accepted image file; larger uploads get 413 before their body is read.</summary>
    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>
    /// An upload up to this size is buffered in memory; a larger one in a temporary file (ASP.NET Core's default
    /// threshold is 64 KB, which sent every photo through the disk: 5 % of the Api's CPU samples in a 200-job run).
    /// </summary>
    public int MemoryBufferBytes { get; set; } = 1024 * 1024;

    /// <summary>Most jobs one POST /jobs/batch may create.</summary>
    public int MaxBatch { get; set; } = 1000;
}
