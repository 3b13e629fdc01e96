using MassTransit;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>Queued|Processing → Processing. A late or repeated event cannot move a finished job back.</summary>
public sealed class MarkJobProcessingConsumer(JobTransitions transitions) : IConsumer<ImageProcessingStarted>
{
    public Task Consume(ConsumeContext<ImageProcessingStarted> context) => transitions.StartedAsync(context.Message, context.CancellationToken);
}
