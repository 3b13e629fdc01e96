using Microsoft.EntityFrameworkCore;

namespace Queues.Api.Jobs;

/// <summary>How many of a batch's jobs are in each state, read live from the jobs.</summary>
public sealed record BatchCounts(int Queued, int Processing, int Completed, int Failed, int Cancelled)
{
    public static readonly BatchCounts None = new(0, 0, 0, 0, 0);

    public int Ended => Completed + Failed + Cancelled;

    /// <summary>Each batch's counts, in one grouped query over the (BatchId, State) index.</summary>
    public static async Task<Dictionary<Guid, BatchCounts>> ReadAsync(JobsDbContext db, IReadOnlyCollection<Guid> batchIds,
        CancellationToken cancellationToken)
    {
        var rows = await db.Jobs.AsNoTracking().Where(j => j.BatchId != null && batchIds.Contains(j.BatchId.Value))
            .GroupBy(j => new { j.BatchId, j.State }).Select(g => new { g.Key.BatchId, g.Key.State, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return batchIds.ToDictionary(id => id, id =>
        {
            int Of(JobState state) => rows.Where(r => r.BatchId == id && r.State == state).Sum(r => r.Count);
            return new BatchCounts(Of(JobState.Queued), Of(JobState.Processing), Of(JobState.Completed), Of(JobState.Failed), Of(JobState.Cancelled));
        });
    }
}

/// <summary>A batch as the API shows it.</summary>
/// <param name="Total">Jobs in the batch (deleted ones no longer count).</param>
/// <param name="PercentDone">Ended jobs of the total, 0 to 100; 100 once the batch has ended.</param>
/// <param name="Jobs">GET /batches/{id} only: one page of its jobs, newest first.</param>
public sealed record BatchView(
    Guid Id,
    string Tenant,
    bool Ended,
    int Total,
    BatchCounts Counts,
    double PercentDone,
    DateTime CreatedAt,
    DateTime? FinishedAt,
    WebhookView? Webhook,
    BatchLinks Links,
    JobPage? Jobs = null)
{
    public static BatchView From(ImageBatch batch, BatchCounts counts, JobPage? jobs = null)
    {
        var total = Math.Max(batch.Total, counts.Queued + counts.Processing + counts.Ended);
        return new(batch.Id, batch.Tenant, batch.FinishedAt is not null, total, counts,
            batch.FinishedAt is not null || total == 0 ? 100 : Math.Round(100.0 * counts.Ended / total, 1),
            batch.CreatedAt, batch.FinishedAt,
            batch.CallbackUrl is null && batch.WebhookAttempts == 0 ? null
                : new WebhookView(batch.CallbackUrl, batch.WebhookAttempts, batch.WebhookLastStatus, batch.WebhookLastAttemptAt, batch.WebhookDeliveredAt),
            new BatchLinks($"/batches/{batch.Id}", $"/jobs?batchId={batch.Id}", $"/batches/{batch.Id}/results.zip"), jobs);
    }
}

public sealed record BatchLinks(string Self, string Jobs, string Results);

public sealed record BatchPage(IReadOnlyList<BatchView> Items, int Page, int PageSize, int Total);

/// <summary>POST /batches' answer: the batch and its jobs' ids, in the order of the files.</summary>
public sealed record BatchAccepted(BatchView Batch, IReadOnlyList<Guid> JobIds);
