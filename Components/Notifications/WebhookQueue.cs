using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Options;
using Queues.Contracts;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Components.Notifications;

/// <summary>
/// Hands a finished job's (or ended batch's) notification to the "webhooks" queue: one <see cref="DeliverWebhook"/> for the global
/// Notifier:WebhookUrl and one for the job's own callbackUrl, each delivered and retried on its own.
/// </summary>
public sealed class WebhookQueue(IOptions<NotifierOptions> notifier, IOptions<BusOptions> bus)
{
    volatile bool quorumQueueDeclared;

    public Task EnqueueAsync(ConsumeContext context, JobNotification notification, string? callbackUrl) =>
        // Fixed by the announcement itself: a redelivered JobCompleted gives the same id; a job retried and finished again, a new one.
        EnqueueAsync(context, notification.JobId, notification.Event, JsonSerializer.Serialize(notification, JsonSerializerOptions.Web),
            RecentNotifications.IdOf(notification), callbackUrl);

    /// <summary>A batch's end (<see cref="BatchNotification"/>): its id travels as the delivery's JobId, told apart by the event.</summary>
    public Task EnqueueAsync(ConsumeContext context, BatchNotification notification, string? callbackUrl) =>
        EnqueueAsync(context, notification.BatchId, notification.Event, JsonSerializer.Serialize(notification, JsonSerializerOptions.Web),
            RecentNotifications.IdOf(notification), callbackUrl);

    async Task EnqueueAsync(ConsumeContext context, Guid subjectId, string @event, string body, string id, string? callbackUrl)
    {
        var global = notifier.Value.WebhookUrl;
        List<(string Url, bool ToCallbackUrl)> targets = [];
        if (!string.IsNullOrWhiteSpace(global)) targets.Add((global, false));
        if (!string.IsNullOrWhiteSpace(callbackUrl)) targets.Add((callbackUrl, true));
        if (targets.Count == 0) return;

        if (bus.Value is { QuorumQueues: true, IsInMemory: false } && !quorumQueueDeclared)
        {
            // Before the first send, not left to this process's own webhooks endpoint, which may still be starting:
            // a message sent to the exchange before the queue is bound to it would be dropped.
            await ProcessImageTopology.DeclareQuorumQueueAsync(bus.Value, QueueNames.Webhooks, context.CancellationToken);
            quorumQueueDeclared = true;
        }
        var endpoint = await context.GetSendEndpoint(SendAddress(bus.Value));
        await Task.WhenAll(targets.Select(t => endpoint.Send(
            new DeliverWebhook(subjectId, @event, t.Url, t.ToCallbackUrl, body, id), context.CancellationToken)));
    }

    /// <summary>
    /// The queue's exchange with quorum queues: sending to "queue:webhooks" would declare it as a classic queue, which
    /// RabbitMQ refuses once it is a quorum queue (as for process-image, <see cref="ProcessImageTopology"/>).
    /// </summary>
    static Uri SendAddress(BusOptions bus) =>
        new(bus.QuorumQueues && !bus.IsInMemory ? $"exchange:{QueueNames.Webhooks}" : $"queue:{QueueNames.Webhooks}");
}
