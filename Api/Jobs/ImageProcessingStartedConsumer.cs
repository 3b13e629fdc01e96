using MassTransit;
using Microsoft.EntityFrameworkCore;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>Queued|Processing → Processing. A late or repeated event cannot move a finished job back.</summary>
public sealed class ImageProcessingStartedConsumer(JobsDbContext db, JobFeed feed) : IConsumer<ImageProcessingStarted>
{
    public async Task Consume(ConsumeContext<ImageProcessingStarted> context)
    {
        var e = context.Message;
        var changed = await db.Jobs
            .Where(j => j.Id == e.JobId && (j.State == JobState.Queued || j.State == JobState.Processing))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Processing)
                .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                .SetProperty(j => j.WorkerId, e.WorkerId)
                .SetProperty(j => j.StartedAt, j => j.StartedAt ?? e.StartedAt), context.CancellationToken);
        if (changed > 0) feed.Changed(e.JobId, JobState.Processing);
    }
}
