using MassTransit;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>Other replicas' job changes into this replica's live feed, in their order. Runs on a temporary queue per replica: see <see cref="JobStateRegistration.AddJobFeedConsumer"/>.</summary>
public sealed class FeedJobChangeConsumer(JobFeed feed) : IConsumer<JobChangeBatch>
{
    public Task Consume(ConsumeContext<JobChangeBatch> context)
    {
        foreach (var change in context.Message.Changes) feed.Heard(change);
        return Task.CompletedTask;
    }
}
