namespace Queues.Contracts;

/// <summary>How far a worker is with a job: percent of the result's pixels computed. A few a second per job at most.</summary>
public sealed record ImageProcessingProgressed(Guid JobId, string WorkerId, int Percent, DateTime At);
