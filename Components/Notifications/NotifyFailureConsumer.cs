using MassTransit;
using Queues.Contracts;

namespace Queues.Components.Notifications;

/// <summary>A job failed for good: count it by kind, log one line naming the worker, queue its webhooks. Once per job.</summary>
public sealed class NotifyFailureConsumer(PipelineMetrics metrics, PipelineStats stats, WebhookQueue webhooks,
    RecentNotifications recent, ILogger<NotifyFailureConsumer> logger) : IConsumer<JobFailed>
{
    public async Task Consume(ConsumeContext<JobFailed> context)
    {
        var e = context.Message;
        var endToEndMs = Math.Max(0, (e.FailedAt - e.QueuedAt).TotalMilliseconds);
        var notification = new JobNotification("job.failed", e.JobId, e.WorkerId, e.Operations, null, endToEndMs, null, e.Reason, e.FailedAt);
        var first = await recent.OnceAsync(RecentNotifications.IdOf(notification), async () =>
        {
            await webhooks.EnqueueAsync(context, notification, e.CallbackUrl);
            metrics.Failed(e.Kind, e.Operations);
            stats.Failed(e.Kind);
            logger.LogWarning("Job {JobId} failed ({Kind}) on {WorkerId}: {Operations}, {EndToEndMs:0} ms end to end: {Reason}",
                e.JobId, e.Kind, e.WorkerId ?? "an unknown worker", string.Join(',', e.Operations), endToEndMs, e.Reason);
        });
        if (!first) logger.LogInformation("Job {JobId} failure announced again: already counted and sent on", e.JobId);
    }
}
