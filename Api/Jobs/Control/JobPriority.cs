namespace Queues.Api.Jobs;

/// <summary>Stored as its number: the outbox orders by it, so High sorts first.</summary>
public enum JobPriority { High = 0, Normal = 1, Low = 2 }
