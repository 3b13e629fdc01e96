namespace Queues.Contracts;

/// <summary>Event: a worker began a job. Attempt counts in-process retries, starting at 1.</summary>
public record ImageProcessingStarted(
    Guid JobId,
    string WorkerId,
    int Attempt,
    bool Redelivered,
    DateTime StartedAt);
