using Queues.Contracts;

namespace Queues.Api.Broker;

/// <summary>A message that gave up: which job, why, when, after how many tries.</summary>
public sealed record DeadLetter(
    Guid JobId,
    string Queue,
    string? ExceptionType,
    FailureKind? Kind,
    string Reason,
    DateTime? FailedAt,
    int? Attempts,
    string? OriginalKey,
    string[] Operations);

/// <param name="Source">"rabbitmq": the error queues themselves; "jobs-table": the in-memory bus cannot be browsed, so failed jobs stand in.</param>
public sealed record DeadLetterList(string Source, IReadOnlyDictionary<string, long> Counts, IReadOnlyList<DeadLetter> Messages);

public sealed record DeadLetterStats(string Source, long Total, IReadOnlyDictionary<string, long> ByQueue,
    IReadOnlyDictionary<string, long> ByReason, DateTime? Oldest, DateTime? Newest)
{
    /// <summary>From the messages a listing read: by reason and time over those, totals from the queues' own counts.</summary>
    public static DeadLetterStats Of(DeadLetterList list)
    {
        var byReason = list.Messages.GroupBy(m => m.Kind?.ToString() ?? "Unknown").ToDictionary(g => g.Key, g => (long)g.Count());
        var times = list.Messages.Where(m => m.FailedAt is not null).Select(m => m.FailedAt!.Value).ToList();
        return new DeadLetterStats(list.Source, list.Counts.Values.Sum(), list.Counts, byReason,
            times.Count > 0 ? times.Min() : null, times.Count > 0 ? times.Max() : null);
    }
}

/// <param name="Replayed">Jobs moved back to Queued, their dead letter with them.</param>
/// <param name="Discarded">Dead letters dropped because their job had been retried, replayed or finished since: sending them would run it twice.</param>
public sealed record ReplayResult(string Source, int Replayed, IReadOnlyList<Guid> JobIds, int Discarded);

/// <summary>The dead-letter queue, as the API shows it. RabbitMQ in distributed mode; the jobs table on the in-memory bus.</summary>
public interface IDeadLetterQueue
{
    Task<DeadLetterList> ListAsync(int limit, CancellationToken cancellationToken);

    Task<DeadLetterStats> StatsAsync(CancellationToken cancellationToken);

    /// <summary>Moves messages back to process-image: all of them, or only <paramref name="jobId"/>'s.</summary>
    Task<ReplayResult> ReplayAsync(Guid? jobId, CancellationToken cancellationToken);
}
