using MassTransit;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Jobs;

public static class BatchRegistration
{
    /// <summary>The loop that ends and announces batches, and the feed of their ends.</summary>
    public static IHostApplicationBuilder AddBatches(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BatchFeed>();
        builder.Services.AddSingleton<BatchEndLoop>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BatchEndLoop>());
        return builder;
    }

    /// <summary>On the replica's own temporary queue of job changes (<see cref="QueueNames.JobChanges"/>), which every replica has.</summary>
    public static void AddBatchFeedConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<FeedBatchCompletedConsumer>().Endpoint(e =>
        {
            e.Name = QueueNames.JobChanges();
            e.Temporary = true;
            e.ConcurrentMessageLimit = 1;
        });
}
