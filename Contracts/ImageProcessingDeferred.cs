namespace Queues.Contracts;

/// <summary>
/// Event: a worker gave a job back for now. Storage or the network kept failing through its quick in-process retries;
/// rather than fail the job or hold a consumer slot, it acknowledges the message and the Api sends the job again
/// later, from its outbox, with a growing delay.
/// </summary>
public record ImageProcessingDeferred(
    Guid JobId,
    string WorkerId,
    string Reason,
    DateTime At);
