using MassTransit;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>Another replica's job change into this replica's live feed. Runs on a temporary queue per replica: see <see cref="JobStateRegistration.AddJobFeedConsumer"/>.</summary>
public sealed class FeedJobChangeConsumer(JobFeed feed) : IConsumer<JobChanged>
{
    public Task Consume(ConsumeContext<JobChanged> context)
    {
        feed.Heard(context.Message);
        return Task.CompletedTask;
    }
}
