using MassTransit;
using Queues.Contracts;

namespace Queues.Components.Processing;

/// <summary>Tells <see cref="ProcessingSwitch"/> what the Api announced. Every worker has its own temporary queue for these.</summary>
public sealed class FollowProcessingStateConsumer(ProcessingSwitch processing) : IConsumer<ProcessingStateAnnounced>
{
    public Task Consume(ConsumeContext<ProcessingStateAnnounced> context)
    {
        processing.Hear(context.Message);
        return Task.CompletedTask;
    }
}
