using Microsoft.EntityFrameworkCore;

namespace Queues.Api.Jobs;

/// <summary>
/// Retention for batches (<see cref="RetentionSweeper"/>): a job of a batch goes with its batch, not alone, so a batch
/// never loses jobs under its counts. An ended, announced batch that ended before the cut-off is deleted with its jobs;
/// a job of it retried since (unfinished, or finished after the cut-off) keeps the batch until it expires too.
/// </summary>
public static class BatchRetention
{
    /// <summary>Deletes up to <paramref name="batchSize"/> expired batches; returns the jobs and objects deleted.</summary>
    public static async Task<(int Batches, int Jobs, int Objects)> SweepAsync(JobsDbContext db, JobControl control, DateTime cutoff, int batchSize,
        CancellationToken cancellationToken)
    {
        var expired = await db.Batches.AsNoTracking().Where(b => b.FinishedAt < cutoff && b.NotifiedAt != null)
            .OrderBy(b => b.FinishedAt).Take(batchSize).Select(b => b.Id).ToListAsync(cancellationToken);
        int batches = 0, jobs = 0, objects = 0;
        foreach (var batchId in expired)
        {
            foreach (var job in await db.Jobs.AsNoTracking().Where(j => j.BatchId == batchId).ToListAsync(cancellationToken))
            {
                if (await control.DeleteExpiredAsync(job, cutoff, cancellationToken) is not { } removed) continue;
                jobs++;
                objects += removed;
            }
            if (!await db.Jobs.AnyAsync(j => j.BatchId == batchId, cancellationToken)
                && await db.Batches.Where(b => b.Id == batchId).ExecuteDeleteAsync(cancellationToken) > 0) batches++;
        }
        return (batches, jobs, objects);
    }
}
