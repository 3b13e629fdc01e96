using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Broker;

/// <summary>
/// Standalone mode: MassTransit's in-memory error queue cannot be browsed, so the failed jobs stand in for it,
/// and a replay queues them again through the outbox.
/// </summary>
public sealed class JobsTableDeadLetters(JobsDbContext db, JobTransitions transitions) : IDeadLetterQueue
{
    const string Source = "jobs-table";

    public async Task<DeadLetterList> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var failed = db.Jobs.AsNoTracking().Where(j => j.State == JobState.Failed);
        var total = await failed.LongCountAsync(cancellationToken);
        var jobs = await failed.OrderByDescending(j => j.FinishedAt).Take(limit).ToListAsync(cancellationToken);
        return new DeadLetterList(Source, new Dictionary<string, long> { [QueueNames.ProcessImageErrors] = total },
            jobs.Select(j => new DeadLetter(j.Id, QueueNames.ProcessImageErrors, null, j.FailureKind, j.FailureReason ?? "", j.FinishedAt,
                j.Attempts, j.OriginalKey, j.Operations)).ToList());
    }

    /// <summary>Every failed job by kind, in one GROUP BY over the (State, FinishedAt) index.</summary>
    public async Task<DeadLetterStats> StatsAsync(CancellationToken cancellationToken)
    {
        var groups = await db.Jobs.Where(j => j.State == JobState.Failed).GroupBy(j => j.FailureKind)
            .Select(g => new { Kind = g.Key, Count = g.LongCount(), Oldest = g.Min(j => j.FinishedAt), Newest = g.Max(j => j.FinishedAt) })
            .ToListAsync(cancellationToken);
        var total = groups.Sum(g => g.Count);
        return new DeadLetterStats(Source, total, new Dictionary<string, long> { [QueueNames.ProcessImageErrors] = total },
            groups.ToDictionary(g => g.Kind?.ToString() ?? "Unknown", g => g.Count),
            groups.Min(g => g.Oldest), groups.Max(g => g.Newest));
    }

    public async Task<ReplayResult> ReplayAsync(Guid? jobId, CancellationToken cancellationToken)
    {
        var ids = await db.Jobs.Where(j => j.State == JobState.Failed && (jobId == null || j.Id == jobId))
            .Select(j => j.Id).ToListAsync(cancellationToken);
        var replayed = new List<Guid>();
        foreach (var id in ids)
            if (await transitions.RequeueAsync(id, alreadySent: false, cancellationToken)) replayed.Add(id);
        return new ReplayResult(Source, replayed.Count, replayed, 0);
    }
}
