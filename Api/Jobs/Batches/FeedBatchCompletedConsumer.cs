using MassTransit;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>Every batch's end into this replica's live feed (<see cref="BatchFeed"/>), on its temporary queue: see <see cref="BatchRegistration.AddBatchFeedConsumer"/>.</summary>
public sealed class FeedBatchCompletedConsumer(BatchFeed feed) : IConsumer<BatchCompleted>
{
    public Task Consume(ConsumeContext<BatchCompleted> context)
    {
        feed.Ended(context.Message);
        return Task.CompletedTask;
    }
}
