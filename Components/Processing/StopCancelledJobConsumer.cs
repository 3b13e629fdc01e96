using MassTransit;
using Queues.Contracts;

namespace Queues.Components.Processing;

/// <summary>Remembers a cancelled job and stops it if this worker is running it. Every worker has its own queue for these.</summary>
public sealed class StopCancelledJobConsumer(JobCancellations cancellations) : IConsumer<JobCancelled>
{
    public Task Consume(ConsumeContext<JobCancelled> context)
    {
        cancellations.Cancel(context.Message.JobId);
        return Task.CompletedTask;
    }
}
