using MassTransit;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Jobs;

public static class JobStateRegistration
{
    /// <summary>The three consumers that move job rows share one queue, "job-state".</summary>
    public static void AddJobStateConsumers(this IBusRegistrationConfigurator bus)
    {
        // A handful at once: each is one short UPDATE, and SQLite takes one writer at a time anyway.
        void Endpoint(IEndpointRegistrationConfigurator e)
        {
            e.Name = QueueNames.JobState;
            e.ConcurrentMessageLimit = 8;
            e.PrefetchCount = 64;
        }

        bus.AddConsumer<MarkJobProcessingConsumer>().Endpoint(Endpoint);
        bus.AddConsumer<MarkJobCompletedConsumer>().Endpoint(Endpoint);
        bus.AddConsumer<MarkJobFailedConsumer>().Endpoint(Endpoint);
        bus.AddConsumer<MarkJobDeferredConsumer>().Endpoint(Endpoint);
    }

    /// <summary>
    /// Distributed only: the other replicas' job changes for this replica's live feed, on a temporary queue of its own
    /// (<see cref="QueueNames.JobChanges"/>), one at a time so a job's changes reach the browser in the order they came.
    /// </summary>
    public static void AddJobFeedConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<FeedJobChangeConsumer>().Endpoint(e =>
        {
            e.Name = QueueNames.JobChanges();
            e.Temporary = true;
            e.ConcurrentMessageLimit = 1;
        });
}
