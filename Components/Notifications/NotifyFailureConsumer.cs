using MassTransit;
using Queues.Components.Failures;
using Queues.Contracts;

namespace Queues.Components.Notifications;

/// <summary>A job failed for good: count it, log one line naming the worker, tell the webhook.</summary>
public sealed class NotifyFailureConsumer(PipelineMetrics metrics, PipelineStats stats, WebhookSender webhook,
    ILogger<NotifyFailureConsumer> logger) : IConsumer<Fault<ProcessImage>>
{
    public async Task Consume(ConsumeContext<Fault<ProcessImage>> context)
    {
        var fault = context.Message;
        var job = fault.Message;
        var reason = FaultFacts.Reason(fault);
        var kind = FaultFacts.Kind(fault);
        var endToEndMs = Math.Max(0, (fault.Timestamp - job.QueuedAt).TotalMilliseconds);
        metrics.Failed(kind, job.Operations);
        stats.Failed(kind);
        logger.LogWarning("Job {JobId} failed ({Kind}) on {WorkerId}: {Operations}, {EndToEndMs:0} ms end to end: {Reason}",
            job.JobId, kind, FaultFacts.WorkerId(fault) ?? "an unknown worker", string.Join(',', job.Operations), endToEndMs, reason);
        await webhook.SendAsync(new JobNotification("job.failed", job.JobId, FaultFacts.WorkerId(fault), job.Operations, null, endToEndMs,
            null, reason, fault.Timestamp), context.CancellationToken);
    }
}
