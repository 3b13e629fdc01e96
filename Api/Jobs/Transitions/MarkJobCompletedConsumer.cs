using MassTransit;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>→ Completed, once: a duplicate (a redelivered job) finds the job already finished and changes nothing.</summary>
public sealed class MarkJobCompletedConsumer(JobTransitions transitions) : IConsumer<ImageProcessed>
{
    public Task Consume(ConsumeContext<ImageProcessed> context) => transitions.CompletedAsync(context.Message, context.CancellationToken);
}
