namespace Queues.Contracts;

/// <summary>Event: a worker began a job. Attempt counts in-process retries, starting at 1.</summary>
/// <param name="Redelivered">The broker delivered this command before (a worker died holding it, or its channel closed).</param>
/// <param name="DeliveryCount">Which delivery of the command this is, 1 for the first: from a quorum queue's x-delivery-count
/// header when it has one, 1 when the broker says it was never delivered before, null when it was but no count is known
/// (a classic queue). Added later: older workers leave it null.</param>
public record ImageProcessingStarted(
    Guid JobId,
    string WorkerId,
    int Attempt,
    bool Redelivered,
    DateTime StartedAt,
    int? DeliveryCount = null);
