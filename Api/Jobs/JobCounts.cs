using Microsoft.EntityFrameworkCore;

namespace Queues.Api.Jobs;

/// <summary>How many jobs are in each state: one GROUP BY, read by GET /queues, the queue gauges and the timeline.</summary>
public sealed record JobCounts(long Queued, long Processing, long Completed, long Failed, long Cancelled)
{
    public static async Task<JobCounts> ReadAsync(JobsDbContext db, CancellationToken cancellationToken)
    {
        var counts = await db.Jobs.GroupBy(j => j.State).Select(g => new { State = g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        long Of(JobState state) => counts.FirstOrDefault(c => c.State == state)?.Count ?? 0;
        return new JobCounts(Of(JobState.Queued), Of(JobState.Processing), Of(JobState.Completed), Of(JobState.Failed), Of(JobState.Cancelled));
    }
}
