using MassTransit;
using Microsoft.Extensions.Options;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Components.Notifications;

/// <summary>
/// The "webhooks" queue and its retries. The waits are in-process (<c>UseMessageRetry</c>): the broker's delayed
/// redelivery needs a plugin these machines lack, and an in-process retry around an unacknowledged message is
/// durable enough, since the broker gives the message to another notifier if this one dies. The attempts and waits
/// must stay well inside RabbitMQ's consumer_timeout (30 min by default), or the broker takes the message back.
/// </summary>
public sealed class DeliverWebhookConsumerDefinition : ConsumerDefinition<DeliverWebhookConsumer>
{
    readonly WebhookOptions webhooks;

    public DeliverWebhookConsumerDefinition(IOptions<WebhookOptions> webhooks)
    {
        this.webhooks = webhooks.Value;
        EndpointName = QueueNames.Webhooks;
        ConcurrentMessageLimit = this.webhooks.Concurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<DeliverWebhookConsumer> consumer, IRegistrationContext context)
    {
        // Deliveries waiting out a retry hold their message: prefetch as many as may wait, or one dead receiver stalls the rest.
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.PrefetchCount = webhooks.Concurrency;
        if (webhooks.MaxAttempts <= 1) return;
        endpoint.UseMessageRetry(r =>
        {
            r.Exponential(webhooks.MaxAttempts - 1, webhooks.RetryMinDelay, webhooks.RetryMaxDelay, webhooks.RetryMinDelay);
            r.Ignore<WebhookRefusedException>();
        });
    }
}
