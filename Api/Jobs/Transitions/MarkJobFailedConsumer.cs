using MassTransit;
using Queues.Components.Failures;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>→ Failed with its kind and a readable reason, when the worker rejected the image or ran out of retries.</summary>
public sealed class MarkJobFailedConsumer(JobTransitions transitions) : IConsumer<Fault<ProcessImage>>
{
    public Task Consume(ConsumeContext<Fault<ProcessImage>> context)
    {
        var fault = context.Message;
        return transitions.FailedAsync(fault.Message.JobId, FaultFacts.WorkerId(fault), FaultFacts.Kind(fault), FaultFacts.Reason(fault),
            fault.Timestamp, context.CancellationToken);
    }
}
