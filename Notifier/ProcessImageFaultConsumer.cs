using MassTransit;
using Queues.Contracts;

namespace Queues.Notifier;

public sealed class ProcessImageFaultConsumer(PipelineMetrics metrics, PipelineStats stats, WebhookSender webhook,
    ILogger<ProcessImageFaultConsumer> logger) : IConsumer<Fault<ProcessImage>>
{
    public async Task Consume(ConsumeContext<Fault<ProcessImage>> context)
    {
        var fault = context.Message;
        var job = fault.Message;
        var reason = FaultReason.Describe(fault);
        var reasonClass = FaultReason.Classify(fault);
        var endToEndMs = Math.Max(0, (fault.Timestamp - job.QueuedAt).TotalMilliseconds);
        metrics.Failed(reasonClass, job.Operations);
        stats.Failed(reasonClass);
        logger.LogWarning("Job {JobId} failed ({ReasonClass}) on {Host}: {Operations}, {EndToEndMs:0} ms end to end: {Reason}",
            job.JobId, reasonClass, fault.Host?.MachineName, string.Join(',', job.Operations), endToEndMs, reason);
        await webhook.SendAsync(new JobNotification("job.failed", job.JobId, null, job.Operations, null, endToEndMs,
            null, reason, fault.Timestamp), context.CancellationToken);
    }
}
