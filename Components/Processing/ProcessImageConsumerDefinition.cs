using MassTransit;
using Microsoft.Extensions.Options;
using Queues.ServiceDefaults.Messaging;
using Queues.Imaging;

namespace Queues.Components.Processing;

public sealed class ProcessImageConsumerDefinition : ConsumerDefinition<ProcessImageConsumer>
{
    readonly WorkerOptions worker;
    readonly BusOptions bus;

    readonly ProcessingSwitch processing;

    public ProcessImageConsumerDefinition(IOptions<WorkerOptions> worker, IOptions<BusOptions> bus, ProcessingSwitch processing)
    {
        this.processing = processing;
        this.worker = worker.Value;
        this.bus = bus.Value;
        // The queue the outbox sends to, by a constant both sides use: renaming the consumer cannot move it.
        EndpointName = QueueNames.ProcessImage;
        ConcurrentMessageLimit = this.worker.EffectiveConcurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<ProcessImageConsumer> consumer, IRegistrationContext context)
    {
        // Every setting of the process-image endpoint is here, however it is made: by ConfigureEndpoints on the
        // in-memory bus, by ProcessingSwitch's connect on RabbitMQ (which excludes it from ConfigureEndpoints).
        // The in-memory bus's endpoint is paused in place: the switch needs it once it is up.
        endpoint.ConnectReceiveEndpointObserver(processing);
        endpoint.ConcurrentMessageLimit = worker.EffectiveConcurrency;
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            // Prefetch at least the concurrency, or the limit is never reached.
            rabbit.PrefetchCount = Math.Max(bus.EffectivePrefetch, worker.EffectiveConcurrency);
            if (bus.QuorumQueues) rabbit.SetQuorumQueue();
        }

        // Transient faults (storage, network) are retried here; a rejected image fails the same way every
        // time, so it skips retries and goes straight to process-image_error with its reason.
        endpoint.UseMessageRetry(r =>
        {
            r.Exponential(worker.RetryLimit, worker.RetryMinDelay, worker.RetryMaxDelay, worker.RetryMinDelay);
            r.Ignore<ImageRejectedException>();
        });
    }
}
