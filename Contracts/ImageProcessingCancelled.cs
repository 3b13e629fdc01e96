namespace Queues.Contracts;

/// <summary>A worker stopped (or skipped) a cancelled job and acknowledged its message; <paramref name="Started"/> is false when it skipped it.</summary>
public sealed record ImageProcessingCancelled(Guid JobId, string WorkerId, bool Started, DateTime At);
