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
    string Tenant,
    IReadOnlyList<RenditionView>? Renditions = null,
    WebhookView? Webhook = null)
{
    /// <param name="progress">Percent done, for a processing job (<see cref="JobProgress"/>).</param>
    /// <param name="links">Signs the original and result links, so they open without a key; unsigned without it.</param>
    public static JobView From(ImageJob job, JobProgress? progress = null, Access.LinkSigner? links = null) => new(
        job.Id, job.State, job.Operations, job.OutputFormat, job.ShownAttempts, job.WorkerId, job.OriginalFileName,
        new ImageView(job.OriginalContentType, job.OriginalWidth, job.OriginalHeight, job.OriginalSizeBytes),
        job.ResultKey is null ? null : new ImageView(job.ResultContentType ?? "", job.ResultWidth ?? 0, job.ResultHeight ?? 0, job.ResultSizeBytes ?? 0,
            job.ResultBlurHash, job.ResultDominantColour),
        job.QueuedAt, job.StartedAt, job.FinishedAt,
        job.ProcessingMs is { } ms ? Math.Round(ms, 1) : null,
        job.FinishedAt is { } done ? Math.Round((done - job.QueuedAt).TotalMilliseconds, 1) : null,
        job.FailureReason, job.FailureKind, job.Deferrals, job.NotBefore, job.Priority, progress?.Of(job),
        new JobLinks($"/jobs/{job.Id}", Link(links, $"/jobs/{job.Id}/original"), job.ResultKey is null ? null : Link(links, $"/jobs/{job.Id}/result"),
            job.MayHavePreview ? Link(links, $"/jobs/{job.Id}/preview") : null),
        job.Tenant, RenditionView.Of(job, links), WebhookView.Of(job));

    internal static string Link(Access.LinkSigner? links, string path) => links?.Sign(path) ?? path;
}

/// <param name="BlurHash">Results only: a placeholder to paint while the image loads (https://blurha.sh).</param>
/// <param name="DominantColour">Results only: #rrggbb.</param>
public sealed record ImageView(string ContentType, int Width, int Height, long SizeBytes, string? BlurHash = null, string? DominantColour = null);

/// <param name="Preview">A 160 px WebP of the original, for lists; null until the job's worker has made it.</param>
public sealed record JobLinks(string Self, string Original, string? Result, string? Preview = null);

/// <summary>One named output: what it asked for and, once the job completed, its result and where to fetch it.</summary>
public sealed record RenditionView(string Name, string[] Operations, string OutputFormat, ImageView? Result, string? Url)
{
    public static IReadOnlyList<RenditionView>? Of(ImageJob job, Access.LinkSigner? links = null) => job.Renditions is null ? null
        : JobRenditions.Read(job.Renditions).Select(r => new RenditionView(r.Name, r.Operations, r.OutputFormat,
            r.Result is { } done ? new ImageView(done.ContentType, done.Width, done.Height, done.SizeBytes, done.BlurHash, done.DominantColour) : null,
            r.Result is null ? null : JobView.Link(links, $"/jobs/{job.Id}/result/{r.Name}"))).ToList();
}

/// <summary>
/// The job's webhook: its callbackUrl, if it gave one, and the delivery it shows (to that URL, else to the global one).
/// Null for a job with no callbackUrl and no attempt yet.
/// </summary>
/// <param name="LastStatus">The last attempt's HTTP status ("200", "503"), or why there was none ("no answer within 5 s").</param>
public sealed record WebhookView(string? CallbackUrl, int Attempts, string? LastStatus, DateTime? LastAttemptAt, DateTime? DeliveredAt)
{
    public static WebhookView? Of(ImageJob job) => job.CallbackUrl is null && job.WebhookAttempts == 0 ? null
        : new WebhookView(job.CallbackUrl, job.WebhookAttempts, job.WebhookLastStatus, job.WebhookLastAttemptAt, job.WebhookDeliveredAt);
}

public sealed record JobPage(IReadOnlyList<JobView> Items, int Page, int PageSize, int Total);
