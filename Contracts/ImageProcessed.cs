namespace Queues.Contracts;

/// <summary>Event: a job's result is stored under <paramref name="ResultKey"/>.</summary>
public record ImageProcessed(
    Guid JobId,
    string WorkerId,
    string ResultKey,
    string ContentType,
    int Width,
    int Height,
    long SizeBytes,
    string[] Operations,
    double ProcessingMs,
    DateTime QueuedAt,
    DateTime StartedAt,
    DateTime CompletedAt);
