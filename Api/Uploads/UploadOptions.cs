namespace Queues.Api.Uploads;

public sealed class UploadOptions
{
    /// <summary>Largest accepted image file; larger uploads get 413 before their body is read.</summary>
    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Most jobs one POST /jobs/batch may create.</summary>
    public int MaxBatch { get; set; } = 1000;
}
