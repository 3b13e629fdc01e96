using MassTransit;
using Queues.Contracts;

namespace Queues.Components.Notifications;

/// <summary>
/// Tries one webhook delivery and publishes what came of it (<see cref="WebhookAttempted"/>, which the job shows).
/// Anything but a 2xx throws, and the definition's retry tries again after a growing wait while the message stays
/// unacknowledged: a notifier killed meanwhile leaves it to the broker, which hands it to the next notifier.
/// </summary>
public sealed class DeliverWebhookConsumer(WebhookSender sender, TimeProvider clock, ILogger<DeliverWebhookConsumer> logger)
    : IConsumer<DeliverWebhook>
{
    public async Task Consume(ConsumeContext<DeliverWebhook> context)
    {
        var delivery = context.Message;
        var attempt = context.GetRetryAttempt() + 1;
        var outcome = await sender.PostAsync(delivery, context.CancellationToken);
        await context.Publish(new WebhookAttempted(delivery.JobId, delivery.Event, delivery.ToCallbackUrl, attempt, outcome.Status,
            outcome.Error, outcome.Delivered, clock.GetUtcNow().UtcDateTime, outcome.DurationMs), context.CancellationToken);
        // The host only: a callback URL's path or query may carry the receiver's own token.
        var host = Uri.TryCreate(delivery.Url, UriKind.Absolute, out var uri) ? uri.Authority : "?";
        if (outcome.Delivered)
        {
            logger.LogInformation("Webhook {DeliveryId} delivered to {Host} on attempt {Attempt}: {Status}",
                delivery.DeliveryId, host, attempt, outcome.Status);
            return;
        }
        logger.LogWarning("Webhook {DeliveryId} to {Host} not delivered on attempt {Attempt}: {Outcome}",
            delivery.DeliveryId, host, attempt, outcome.Describe());
        throw outcome.Refused
            ? (Exception)new WebhookRefusedException(outcome.Error!)
            : new WebhookNotDeliveredException($"{host} answered {outcome.Describe()} on attempt {attempt}");
    }
}
