namespace Queues.Contracts;

/// <summary>
/// Event: a batch ended, every job in it Completed, Failed (after its retries) or Cancelled. Published once per batch
/// by the Api's batch loop; the notifier sends <c>batch.completed</c> from it, and each Api replica's live feed shows it.
/// </summary>
/// <param name="Total">Jobs in the batch when it ended: Completed + Failed + Cancelled.</param>
/// <param name="CallbackUrl">Where the batch asked to be told, besides the global webhook; null for none.</param>
public record BatchCompleted(
    Guid BatchId,
    string Tenant,
    int Completed,
    int Failed,
    int Cancelled,
    int Total,
    DateTime CreatedAt,
    DateTime FinishedAt,
    string? CallbackUrl = null);
