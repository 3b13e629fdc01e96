namespace Queues.Api.Broker;

/// <summary>A message that gave up: which job, why, when, after how many tries.</summary>
public sealed record DeadLetter(
    Guid JobId,
    string Queue,
    string? ExceptionType,
    string Reason,
    DateTime? FailedAt,
    int? Attempts,
    string? OriginalKey,
    string[] Operations);

/// <param name="Source">"rabbitmq": the error queues themselves; "jobs-table": the in-memory bus cannot be browsed, so failed jobs stand in.</param>
public sealed record DeadLetterList(string Source, IReadOnlyDictionary<string, long> Counts, IReadOnlyList<DeadLetter> Messages);

public sealed record DeadLetterStats(string Source, long Total, IReadOnlyDictionary<string, long> ByQueue,
    IReadOnlyDictionary<string, long> ByReason, DateTime? Oldest, DateTime? Newest);

public sealed record ReplayResult(string Source, int Replayed, IReadOnlyList<Guid> JobIds);

/// <summary>The dead-letter queue, as the API shows it. RabbitMQ in distributed mode; the jobs table on the in-memory bus.</summary>
public interface IDeadLetterQueue
{
    Task<DeadLetterList> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Moves messages back to process-image: all of them, or only <paramref name="jobId"/>'s.</summary>
    Task<ReplayResult> ReplayAsync(Guid? jobId, CancellationToken cancellationToken);
}
