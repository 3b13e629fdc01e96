using MassTransit;
using Microsoft.EntityFrameworkCore;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>
/// Queued|Processing → Processing. A late or repeated event cannot move a finished job back. A cancelled job seen starting
/// is announced again: that worker may have started after the first announcement, or missed it.
/// </summary>
public sealed class MarkJobProcessingConsumer(JobTransitions transitions, JobsDbContext db, JobControl control) : IConsumer<ImageProcessingStarted>
{
    public async Task Consume(ConsumeContext<ImageProcessingStarted> context)
    {
        var jobId = context.Message.JobId;
        if (await transitions.StartedAsync(context.Message, context.MessageId, context.CancellationToken)) return;
        if (await db.Jobs.AnyAsync(j => j.Id == jobId && j.State == JobState.Cancelled, context.CancellationToken))
            await control.AnnounceAsync(jobId, context.CancellationToken);
    }
}
