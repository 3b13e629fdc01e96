namespace Queues.Api.Observability;

/// <summary>
/// One queue at one moment. <see cref="Consumers"/> is null where the source cannot know it (standalone);
/// <see cref="OldestAgeSeconds"/> is null when nothing waits.
/// </summary>
public sealed record QueueReading(string Queue, string Source, long Ready, long Unacked, long? Consumers, double? OldestAgeSeconds);
