namespace Queues.Contracts;

/// <summary>
/// Event: a job's row moved to Completed. Published once per job by the transition that applied it, however often
/// the worker's own <see cref="ImageProcessed"/> arrived (a redelivered job is processed twice); what notifications
/// and completion counts follow, so each happens once.
/// </summary>
/// <param name="Tenant">Whose job; null from an Api older than tenants.</param>
/// <param name="CallbackUrl">Where the job asked to be told at upload, besides the global webhook; null for none.</param>
/// <param name="Attempts">Processing attempts seen so far; a redelivery that ran after this one adds to the row, not to this event.</param>
public record JobCompleted(
    Guid JobId,
    string WorkerId,
    int Attempts,
    string ResultKey,
    string[] Operations,
    double ProcessingMs,
    DateTime QueuedAt,
    DateTime CompletedAt,
    string? Tenant = null,
    string? BlurHash = null,
    string? DominantColour = null,
    string? CallbackUrl = null);
