using System.Diagnostics;
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
/// a read returns the last counts, at most <see cref="MaxAge"/> old, and a stale read starts one recount in the
/// background, so no request waits for a scan of a million rows (BENCHMARKS.md, "Growth").
/// </summary>
public sealed class JobCountsReader(IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobCountsReader> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);
    static readonly TimeSpan Cheap = TimeSpan.FromMilliseconds(5);

    readonly Lock gate = new();
    (JobCounts Counts, DateTimeOffset At, TimeSpan Took)? last;
    Task? recount;

    public async Task<JobCounts> ReadAsync(JobsDbContext db, CancellationToken cancellationToken)
    {
        var known = last;
        if (known is null || known.Value.Took < Cheap) return await CountAsync(db, cancellationToken);
        if (clock.GetUtcNow() - known.Value.At > MaxAge)
            lock (gate) recount ??= Task.Run(RecountAsync, CancellationToken.None);
        return known.Value.Counts;
    }

    async Task<JobCounts> CountAsync(JobsDbContext db, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var counts = await db.Jobs.GroupBy(j => j.State).Select(g => new { State = g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var result = new JobCounts(counts.ToDictionary(c => c.State, c => c.Count));
        last = (result, at, watch.Elapsed);
        return result;
    }

    async Task RecountAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await CountAsync(scope.ServiceProvider.JobsOfEveryTenant(), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Recounting jobs by state failed; the last counts stay until the next read");
        }
        finally
        {
            lock (gate) recount = null;
        }
    }
}
