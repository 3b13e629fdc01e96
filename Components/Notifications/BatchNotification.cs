namespace Queues.Components.Notifications;

/// <summary>What a webhook receives when a batch has ended (event <c>batch.completed</c>): its counts by ending.</summary>
/// <param name="Total">Completed + Failed + Cancelled: every job of the batch.</param>
public sealed record BatchNotification(
    string Event,
    Guid BatchId,
    int Completed,
    int Failed,
    int Cancelled,
    int Total,
    DateTime CreatedAt,
    DateTime FinishedAt);
