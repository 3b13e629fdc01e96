using MassTransit;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>→ Queued again with a due time, when a worker gave the job back; → Failed once the hand-backs run out.</summary>
public sealed class MarkJobDeferredConsumer(JobTransitions transitions) : IConsumer<ImageProcessingDeferred>
{
    public Task Consume(ConsumeContext<ImageProcessingDeferred> context) => transitions.DeferredAsync(context.Message, context.CancellationToken);
}
