using MassTransit;

namespace Queues.Api.Jobs;

public static class JobStateRegistration
{
    public const string EndpointName = "job-state";

    /// <summary>The three consumers that move job rows share one queue, "job-state".</summary>
    public static void AddJobStateConsumers(this IBusRegistrationConfigurator bus)
    {
        // A handful at once: each is one short UPDATE, and SQLite takes one writer at a time anyway.
        void Endpoint(IEndpointRegistrationConfigurator e)
        {
            e.Name = EndpointName;
            e.ConcurrentMessageLimit = 8;
            e.PrefetchCount = 64;
        }

        bus.AddConsumer<ImageProcessingStartedConsumer>().Endpoint(Endpoint);
        bus.AddConsumer<ImageProcessedConsumer>().Endpoint(Endpoint);
        bus.AddConsumer<ProcessImageFaultConsumer>().Endpoint(Endpoint);
    }
}
