namespace Queues.Contracts;

/// <summary>Event: the notifier tried a webhook delivery once; the Api counts it on the job row (on the batch row for batch.completed, whose id is then in JobId).</summary>
/// <param name="ToCallbackUrl">The job's own callbackUrl (true) or the global URL (false); a job shows the first if it has one.</param>
/// <param name="Attempt">This notifier's attempt number (1 = first try); it starts again at 1 after a redelivery.</param>
/// <param name="Status">The HTTP status the receiver answered, null when it did not answer.</param>
/// <param name="Error">Why there was no answer (timeout, connection refused, refused target), null when there was one.</param>
/// <param name="DurationMs">How long the try took, request to response headers or to the error. Added later: older notifiers leave it null.</param>
public record WebhookAttempted(
    Guid JobId,
    string Event,
    bool ToCallbackUrl,
    int Attempt,
    int? Status,
    string? Error,
    bool Delivered,
    DateTime At,
    double? DurationMs = null);
