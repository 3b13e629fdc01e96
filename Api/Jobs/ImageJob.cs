using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>Queued → Processing → Completed | Failed | Cancelled. Only <see cref="JobTransitions"/> changes it.</summary>
public enum JobState { Queued, Processing, Completed, Failed, Cancelled }

/// <summary>One uploaded image and what became of it. The jobs table is the source of truth, and the outbox.</summary>
public sealed class ImageJob
{
    public Guid Id { get; set; }
    public JobState State { get; set; }

    /// <summary>Whose job: the uploading key's tenant (<see cref="Access.AccessOptions.DefaultTenant"/> in the open mode).</summary>
    public string Tenant { get; set; } = Access.AccessOptions.DefaultTenant;

    /// <summary>The batch the job was added to (<see cref="ImageBatch"/>), if any: the batch ends when all its jobs have.</summary>
    public Guid? BatchId { get; set; }

    public required string OriginalKey { get; set; }
    /// <summary>As the client named it; shown to people, never used to build a path.</summary>
    public string? OriginalFileName { get; set; }
    public required string OriginalContentType { get; set; }
    public long OriginalSizeBytes { get; set; }
    public int OriginalWidth { get; set; }
    public int OriginalHeight { get; set; }

    public required string[] Operations { get; set; }

    /// <summary>
    /// What <c>GET /jobs?q=</c> searches (<see cref="SearchTexts"/>): one narrow indexed column, so a search can read
    /// the index instead of every row.
    /// </summary>
    public string SearchText { get; set; } = "";

    /// <summary>The outbox sends lower values first (<see cref="JobPriority"/>).</summary>
    public JobPriority Priority { get; set; } = JobPriority.Normal;
    public required string OutputFormat { get; set; }
    public int Quality { get; set; }

    /// <summary>Start events applied: one per processing attempt, in-process retries and redeliveries included.</summary>
    public int Attempts { get; set; }

    /// <summary>
    /// The message id of each start event counted in <see cref="Attempts"/>, each followed by a comma: a start event the
    /// broker delivers again (its acknowledgement lost with a dropped connection) is not a new attempt.
    /// </summary>
    public string StartIds { get; set; } = "";

    /// <summary>Times a worker gave the job back because storage or the network kept failing; each adds a delay.</summary>
    public int Deferrals { get; set; }
    /// <summary>Not sent before this: a deferred job waits out its delay here, in the outbox, not in a consumer.</summary>
    public DateTime? NotBefore { get; set; }

    /// <summary>A finished job ran at least once, even while the start event of its only attempt is still on its way.</summary>
    public int ShownAttempts => State is JobState.Completed or JobState.Failed ? Math.Max(1, Attempts) : Attempts;

    /// <summary>A preview is stored, or can be made from the original on request: not for an original that failed to decode.</summary>
    public bool MayHavePreview => PreviewKey is not null || FailureKind is not (Contracts.FailureKind.Empty or Contracts.FailureKind.NotAnImage
        or Contracts.FailureKind.UnsupportedFormat or Contracts.FailureKind.TooManyPixels or Contracts.FailureKind.Corrupt or Contracts.FailureKind.MissingOriginal);

    public bool IsFinished => State is JobState.Completed or JobState.Failed or JobState.Cancelled;
    public string? WorkerId { get; set; }
    public DateTime QueuedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public double? ProcessingMs { get; set; }

    public string? ResultKey { get; set; }
    public string? ResultContentType { get; set; }
    public int? ResultWidth { get; set; }
    public int? ResultHeight { get; set; }
    public long? ResultSizeBytes { get; set; }
    /// <summary>A placeholder a page paints before the result loads (BlurHash), and the result's main colour (#rrggbb).</summary>
    public string? ResultBlurHash { get; set; }
    public string? ResultDominantColour { get; set; }

    /// <summary>
    /// Named outputs of one upload, as JSON (<see cref="JobRenditions"/>): each one's operations and, once done, its
    /// result. Null for a job with a single output. A JSON column: renditions are read and written with their job, never alone.
    /// </summary>
    public string? Renditions { get; set; }

    /// <summary>A small WebP made from the original at upload, for the dashboard's "before" column.</summary>
    public string? PreviewKey { get; set; }
    public FailureKind? FailureKind { get; set; }
    public string? FailureReason { get; set; }

    /// <summary>Outbox: null until <c>ProcessImage</c> was handed to the broker.</summary>
    public DateTime? PublishedAt { get; set; }
    /// <summary>Outbox: null until the job's end (<see cref="Queues.Contracts.JobCompleted"/>, <see cref="Queues.Contracts.JobFailed"/>) was published.</summary>
    public DateTime? NotifiedAt { get; set; }
    /// <summary>Which dispatcher is sending this job, and until when, so two API replicas do not both send it.</summary>
    public Guid? DispatchLeaseOwner { get; set; }
    public DateTime? DispatchLeaseUntil { get; set; }

    /// <summary>Where the uploader asked to be told of the job's end (checked at upload: http(s), no internal address).</summary>
    public string? CallbackUrl { get; set; }

    /// <summary>
    /// The job's webhook, as the notifier reported it (<see cref="RecordWebhookAttemptConsumer"/>): to its callbackUrl if
    /// it has one, else to the global URL. Attempts counts every try, across notifier restarts; the status is the last one's.
    /// </summary>
    public int WebhookAttempts { get; set; }
    public string? WebhookLastStatus { get; set; }
    public DateTime? WebhookLastAttemptAt { get; set; }
    public DateTime? WebhookDeliveredAt { get; set; }

    /// <summary>
    /// The W3C traceparent of the request that queued the job. The outbox sends later, from a background loop with
    /// no request around it; starting the send under this parent keeps upload, worker and notifier in one trace.
    /// </summary>
    public string? TraceParent { get; set; }
}
