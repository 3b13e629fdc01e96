namespace Queues.Api.Jobs;

/// <summary>A job as the API shows it.</summary>
public sealed record JobView(
    Guid Id,
    JobState State,
    string[] Operations,
    string OutputFormat,
    int Attempts,
    string? WorkerId,
    string? OriginalFileName,
    ImageView Original,
    ImageView? Result,
    DateTime QueuedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    double? ProcessingMs,
    double? EndToEndMs,
    string? FailureReason,
    Queues.Contracts.FailureKind? FailureKind,
    int Deferrals,
    DateTime? NotBefore,
    JobPriority Priority,
    int? Progress,
    JobLinks Links,
    string Tenant)
{
    /// <param name="progress">Percent done, for a processing job (<see cref="JobProgress"/>).</param>
    /// <param name="links">Signs the original and result links, so they open without a key; unsigned without it.</param>
    public static JobView From(ImageJob job, JobProgress? progress = null, Access.LinkSigner? links = null) => new(
        job.Id, job.State, job.Operations, job.OutputFormat, job.ShownAttempts, job.WorkerId, job.OriginalFileName,
        new ImageView(job.OriginalContentType, job.OriginalWidth, job.OriginalHeight, job.OriginalSizeBytes),
        job.ResultKey is null ? null : new ImageView(job.ResultContentType ?? "", job.ResultWidth ?? 0, job.ResultHeight ?? 0, job.ResultSizeBytes ?? 0),
        job.QueuedAt, job.StartedAt, job.FinishedAt,
        job.ProcessingMs is { } ms ? Math.Round(ms, 1) : null,
        job.FinishedAt is { } done ? Math.Round((done - job.QueuedAt).TotalMilliseconds, 1) : null,
        job.FailureReason, job.FailureKind, job.Deferrals, job.NotBefore, job.Priority, progress?.Of(job),
        new JobLinks($"/jobs/{job.Id}", Link(links, $"/jobs/{job.Id}/original"), job.ResultKey is null ? null : Link(links, $"/jobs/{job.Id}/result")),
        job.Tenant);

    static string Link(Access.LinkSigner? links, string path) => links?.Sign(path) ?? path;
}

public sealed record ImageView(string ContentType, int Width, int Height, long SizeBytes);

public sealed record JobLinks(string Self, string Original, string? Result);

public sealed record JobPage(IReadOnlyList<JobView> Items, int Page, int PageSize, int Total);
