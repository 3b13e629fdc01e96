using MassTransit;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Jobs;

public static class JobStateRegistration
{
    /// <summary>The consumers that write job rows share one queue, "job-state".</summary>
    public static void AddJobStateConsumers(this IBusRegistrationConfigurator bus)
    {
        // A handful at once: each is one short UPDATE, and SQLite takes one writer at a time anyway.
        void Endpoint(IEndpointRegistrationConfigurator e)
        {
            e.Name = QueueNames.JobState;
            e.ConcurrentMessageLimit = 8;
            e.PrefetchCount = 64;
        }

        // Each is a conditional UPDATE, safe to run again. While the jobs database is away (PostgreSQL restarting) the
        // event waits and tries again for about five minutes instead of going to job-state_error and leaving its job
        // stuck in the state before. Each acts for every tenant: the jobs context of its message sees every tenant's jobs.
        static void Configure<T>(IRegistrationContext _, IConsumerConfigurator<T> consumer) where T : class
        {
            consumer.UseMessageRetry(r => r.Exponential(15, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
            consumer.UseFilter(new ForEveryTenant<T>());
        }

        bus.AddConsumer<MarkJobProcessingConsumer>(Configure).Endpoint(Endpoint);
        bus.AddConsumer<MarkJobCompletedConsumer>(Configure).Endpoint(Endpoint);
        bus.AddConsumer<MarkJobFailedConsumer>(Configure).Endpoint(Endpoint);
        bus.AddConsumer<MarkJobDeferredConsumer>(Configure).Endpoint(Endpoint);
        bus.AddConsumer<RecordWebhookAttemptConsumer>(Configure).Endpoint(Endpoint);
    }

    /// <summary>Before a job-state consumer runs, its message's jobs context sees every tenant's jobs.</summary>
    sealed class ForEveryTenant<T> : IFilter<ConsumerConsumeContext<T>> where T : class
    {
        public Task Send(ConsumerConsumeContext<T> context, IPipe<ConsumerConsumeContext<T>> next)
        {
            context.GetPayload<IServiceProvider>().JobsOfEveryTenant();
            return next.Send(context);
        }

        public void Probe(ProbeContext context) => context.CreateFilterScope("jobsOfEveryTenant");
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
