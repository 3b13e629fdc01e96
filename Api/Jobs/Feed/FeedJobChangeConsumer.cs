using MassTransit;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>
/// Other replicas' job changes into this replica's live feed, in their order, and their word that they have subscribers
/// (which starts this replica's relay). Runs on a temporary queue per replica: see <see cref="JobStateRegistration.AddJobFeedConsumer"/>.
/// </summary>
public sealed class FeedJobChangeConsumer(JobFeed feed, JobChangeRelay relay) : IConsumer<JobChangeBatch>, IConsumer<FeedWatched>
{
    public Task Consume(ConsumeContext<JobChangeBatch> context)
    {
        foreach (var change in context.Message.Changes) feed.Heard(change);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<FeedWatched> context)
    {
        relay.Heard(context.Message);
        return Task.CompletedTask;
    }
}
