using MassTransit;
using Queues.Contracts;

namespace Queues.Components.Notifications;

/// <summary>
/// A batch ended: queue its one <c>batch.completed</c> webhook, through the same durable queue and signed sender as the
/// jobs' (to the batch's callbackUrl and the global URL). A redelivered <see cref="BatchCompleted"/> is sent on once
/// (<see cref="RecentNotifications"/>); the webhook-id lets a receiver drop a repeat that reaches another notifier.
/// </summary>
public sealed class NotifyBatchCompletionConsumer(WebhookQueue webhooks, RecentNotifications recent, ILogger<NotifyBatchCompletionConsumer> logger)
    : IConsumer<BatchCompleted>
{
    public async Task Consume(ConsumeContext<BatchCompleted> context)
    {
        var e = context.Message;
        var notification = new BatchNotification("batch.completed", e.BatchId, e.Completed, e.Failed, e.Cancelled, e.Total, e.CreatedAt, e.FinishedAt);
        var first = await recent.OnceAsync(RecentNotifications.IdOf(notification), async () =>
        {
            await webhooks.EnqueueAsync(context, notification, e.CallbackUrl);
            logger.LogInformation("Batch {BatchId} ended: {Completed} completed, {Failed} failed, {Cancelled} cancelled of {Total}",
                e.BatchId, e.Completed, e.Failed, e.Cancelled, e.Total);
        });
        if (!first) logger.LogInformation("Batch {BatchId} end announced again: already sent on", e.BatchId);
    }
}
