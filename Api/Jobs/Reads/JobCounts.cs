using Microsoft.EntityFrameworkCore;

namespace Queues.Api.Jobs;

/// <summary>How many jobs are in each state.</summary>
public sealed record JobCounts(IReadOnlyDictionary<JobState, long> ByState)
{
    public long Queued => Of(JobState.Queued);
    public long Processing => Of(JobState.Processing);
    public long Completed => Of(JobState.Completed);
    public long Failed => Of(JobState.Failed);
    public long Cancelled => Of(JobState.Cancelled);
    public long Total => ByState.Values.Sum();
    public long Of(JobState state) => ByState.GetValueOrDefault(state);
}

/// <summary>
/// The counts by state for GET /queues, GET /jobs's totals and the timeline: one GROUP BY, which reads every row of
/// the state index. Below a few milliseconds (a table of some ten thousand jobs) every read counts afresh. Above,
/// counts are never more than <see cref="MaxAge"/> old: a read in the second half of that age returns the last
/// counts and starts one recount in the background, so a dashboard polling every second or two never waits for a
/// scan of a million rows (BENCHMARKS.md, "Growth"); the first read after an idle spell waits for the recount
/// (shared with any read beside it) rather than answer with counts from whenever the last read was.
/// </summary>
public sealed class JobCountsReader(IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobCountsReader> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);
    static readonly TimeSpan Cheap = TimeSpan.FromMilliseconds(5);

    readonly Lock gate = new();
    (JobCounts Counts, DateTimeOffset At, TimeSpan Took)? last;
    Task<JobCounts?>? recount;

    public async Task<JobCounts> ReadAsync(JobsDbContext db, CancellationToken cancellationToken)
    {
        var known = last;
        if (known is null || known.Value.Took < Cheap) return await CountAsync(db, cancellationToken);
        var age = clock.GetUtcNow() - known.Value.At;
        if (age <= MaxAge / 2) return known.Value.Counts;
        Task<JobCounts?> running;
        lock (gate) running = recount ??= Task.Run(RecountAsync, CancellationToken.None);
        if (age <= MaxAge) return known.Value.Counts;
        return await running.WaitAsync(cancellationToken) ?? await CountAsync(db, cancellationToken);
    }

    async Task<JobCounts> CountAsync(JobsDbContext db, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var started = clock.GetTimestamp();
        var counts = await db.Jobs.GroupBy(j => j.State).Select(g => new { State = g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var result = new JobCounts(counts.ToDictionary(c => c.State, c => c.Count));
        last = (result, at, clock.GetElapsedTime(started));
        return result;
    }

    /// <summary>Null when it failed: a read that waits for it then counts for itself, and reports that failure to its caller.</summary>
    async Task<JobCounts?> RecountAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await CountAsync(scope.ServiceProvider.JobsOfEveryTenant(), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Recounting jobs by state failed; the last counts stay until the next read");
            return null;
        }
        finally
        {
            lock (gate) recount = null;
        }
    }
}
