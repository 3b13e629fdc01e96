using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Options;
using Queues.Contracts;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Components.Notifications;

/// <summary>
/// Hands a finished job's notification to the "webhooks" queue: one <see cref="DeliverWebhook"/> for the global
/// Notifier:WebhookUrl and one for the job's own callbackUrl, each delivered and retried on its own.
/// </summary>
public sealed class WebhookQueue(IOptions<NotifierOptions> notifier, IOptions<BusOptions> bus)
{
    public async Task EnqueueAsync(ConsumeContext context, JobNotification notification, string? callbackUrl)
    {
        var global = notifier.Value.WebhookUrl;
        List<(string Url, bool ToCallbackUrl)> targets = [];
        if (!string.IsNullOrWhiteSpace(global)) targets.Add((global, false));
        if (!string.IsNullOrWhiteSpace(callbackUrl)) targets.Add((callbackUrl, true));
        if (targets.Count == 0) return;

        var body = JsonSerializer.Serialize(notification, JsonSerializerOptions.Web);
        // Fixed by the announcement itself: a redelivered JobCompleted gives the same id; a job retried and finished again, a new one.
        var id = $"{notification.JobId}.{notification.Event}.{notification.At.Ticks}";
        var endpoint = await context.GetSendEndpoint(SendAddress(bus.Value));
        await Task.WhenAll(targets.Select(t => endpoint.Send(
            new DeliverWebhook(notification.JobId, notification.Event, t.Url, t.ToCallbackUrl, body, id), context.CancellationToken)));
    }

    /// <summary>
    /// The queue's exchange with quorum queues: sending to "queue:webhooks" would declare it as a classic queue, which
    /// RabbitMQ refuses once the consumer's endpoint (in this same process) has made it a quorum queue.
    /// </summary>
    static Uri SendAddress(BusOptions bus) =>
        new(bus.QuorumQueues && !bus.IsInMemory ? $"exchange:{QueueNames.Webhooks}" : $"queue:{QueueNames.Webhooks}");
}
