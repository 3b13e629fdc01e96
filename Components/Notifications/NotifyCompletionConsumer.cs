using MassTransit;
using Queues.Contracts;

namespace Queues.Components.Notifications;

/// <summary>
/// A job completed: count it, log one line, queue its webhooks. Consumes the Api's <see cref="JobCompleted"/>, one per
/// job, not the worker's <see cref="ImageProcessed"/>, which a redelivered job sends twice.
/// </summary>
public sealed class NotifyCompletionConsumer(PipelineMetrics metrics, PipelineStats stats, WebhookQueue webhooks,
    RecentNotifications recent, ILogger<NotifyCompletionConsumer> logger) : IConsumer<JobCompleted>
{
    public async Task Consume(ConsumeContext<JobCompleted> context)
    {
        var e = context.Message;
        var endToEndMs = Math.Max(0, (e.CompletedAt - e.QueuedAt).TotalMilliseconds);
        var notification = new JobNotification("job.completed", e.JobId, e.WorkerId, e.Operations, e.ProcessingMs,
            endToEndMs, e.ResultKey, null, e.CompletedAt);
        var first = await recent.OnceAsync(RecentNotifications.IdOf(notification), async () =>
        {
            await webhooks.EnqueueAsync(context, notification, e.CallbackUrl);
            metrics.Completed(e.WorkerId, e.Operations, e.ProcessingMs, endToEndMs);
            stats.Completed(e.WorkerId, e.Operations, e.ProcessingMs, endToEndMs);
            logger.LogInformation("Job {JobId} completed by {WorkerId}: {Operations} in {ProcessingMs:0} ms, {EndToEndMs:0} ms end to end, attempt {Attempts}",
                e.JobId, e.WorkerId, string.Join(',', e.Operations), e.ProcessingMs, endToEndMs, e.Attempts);
        });
        if (!first) logger.LogInformation("Job {JobId} completion announced again: already counted and sent on", e.JobId);
    }
}
