using Microsoft.EntityFrameworkCore;

namespace Queues.Api.Jobs;

/// <summary>
/// The three statements that decide a batch's end, each one conditional UPDATE so that adding a job and ending the
/// batch cannot both win: a job joins only an open batch (its Total goes up in the job's own transaction), and a
/// batch ends only while Total equals its ended jobs. On PostgreSQL the join's row lock orders the two; on SQLite
/// writes are serial anyway. A job retried after the end changes neither: the batch stays ended and is not announced again.
/// </summary>
public static class BatchRules
{
    static readonly JobState[] Ended = [JobState.Completed, JobState.Failed, JobState.Cancelled];

    /// <summary>Total + 1, only while open; false when the batch has ended (or is not the caller's).</summary>
    public static async Task<bool> JoinAsync(JobsDbContext db, Guid batchId, CancellationToken cancellationToken) =>
        await db.Batches.Where(b => b.Id == batchId && b.FinishedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Total, b => b.Total + 1), cancellationToken) == 1;

    /// <summary>
    /// Total - 1 for a job deleted (or a place POST /batches held), so an open batch can still end. An ended batch counts
    /// it too: deleting an unfinished job cancels it first, and that may be what ended the batch.
    /// </summary>
    public static Task LeaveAsync(JobsDbContext db, Guid batchId, CancellationToken cancellationToken) =>
        db.Batches.Where(b => b.Id == batchId && b.Total > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Total, b => b.Total - 1), cancellationToken);

    /// <summary>Ends every open batch whose jobs have all ended; returns how many it ended.</summary>
    public static Task<int> EndDoneAsync(JobsDbContext db, DateTime now, CancellationToken cancellationToken) =>
        db.Batches.Where(b => b.FinishedAt == null
                && b.Total == db.Jobs.Count(j => j.BatchId == b.Id && Ended.Contains(j.State)))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.FinishedAt, now), cancellationToken);

    /// <summary>
    /// Adds <paramref name="job"/> to its batch and saves it in one transaction; false (nothing saved) when the batch has ended.
    /// </summary>
    public static async Task<bool> SaveJoinedAsync(JobsDbContext db, ImageJob job, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await JoinAsync(db, job.BatchId!.Value, cancellationToken)) return false;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
