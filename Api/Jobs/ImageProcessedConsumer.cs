using MassTransit;
using Microsoft.EntityFrameworkCore;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>→ Completed, once: a duplicate (a redelivered job) finds the job already finished and changes nothing.</summary>
public sealed class ImageProcessedConsumer(JobsDbContext db, JobFeed feed) : IConsumer<ImageProcessed>
{
    public async Task Consume(ConsumeContext<ImageProcessed> context)
    {
        var e = context.Message;
        var changed = await db.Jobs
            .Where(j => j.Id == e.JobId && j.State != JobState.Completed && j.State != JobState.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Completed)
                .SetProperty(j => j.WorkerId, e.WorkerId)
                .SetProperty(j => j.Attempts, j => j.Attempts == 0 ? 1 : j.Attempts)
                .SetProperty(j => j.StartedAt, j => j.StartedAt ?? e.StartedAt)
                .SetProperty(j => j.FinishedAt, e.CompletedAt)
                .SetProperty(j => j.ProcessingMs, e.ProcessingMs)
                .SetProperty(j => j.ResultKey, e.ResultKey)
                .SetProperty(j => j.ResultContentType, e.ContentType)
                .SetProperty(j => j.ResultWidth, e.Width)
                .SetProperty(j => j.ResultHeight, e.Height)
                .SetProperty(j => j.ResultSizeBytes, e.SizeBytes), context.CancellationToken);
        if (changed > 0) feed.Changed(e.JobId, JobState.Completed);
    }
}
