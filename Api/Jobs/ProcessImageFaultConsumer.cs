using MassTransit;
using Microsoft.EntityFrameworkCore;
using Queues.Contracts;
using Queues.Notifier;

namespace Queues.Api.Jobs;

/// <summary>→ Failed with a readable reason, when the worker rejected the image or ran out of retries.</summary>
public sealed class ProcessImageFaultConsumer(JobsDbContext db, JobFeed feed) : IConsumer<Fault<ProcessImage>>
{
    public async Task Consume(ConsumeContext<Fault<ProcessImage>> context)
    {
        var fault = context.Message;
        var reason = FaultReason.Describe(fault);
        var changed = await db.Jobs
            .Where(j => j.Id == fault.Message.JobId && j.State != JobState.Completed && j.State != JobState.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Failed)
                .SetProperty(j => j.Attempts, j => j.Attempts == 0 ? 1 : j.Attempts)
                .SetProperty(j => j.FinishedAt, fault.Timestamp)
                .SetProperty(j => j.FailureReason, reason.Length > 2000 ? reason[..2000] : reason), context.CancellationToken);
        if (changed > 0) feed.Changed(fault.Message.JobId, JobState.Failed);
    }
}
