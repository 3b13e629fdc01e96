namespace Queues.Contracts;

/// <summary>Event: a job's row moved to Failed, once per job: the worker rejected it or ran out of retries.</summary>
/// <param name="Tenant">Whose job; null from an Api older than tenants.</param>
/// <param name="CallbackUrl">Where the job asked to be told at upload, besides the global webhook; null for none.</param>
public record JobFailed(
    Guid JobId,
    string? WorkerId,
    int Attempts,
    FailureKind Kind,
    string Reason,
    string[] Operations,
    DateTime QueuedAt,
    DateTime FailedAt,
    string? Tenant = null,
    string? CallbackUrl = null);
