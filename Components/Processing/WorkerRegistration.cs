using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Queues.Imaging;
using Queues.ServiceDefaults;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Components.Processing;

public static class WorkerRegistration
{
    /// <summary>The worker role: the pipeline, options, activity, heartbeats. The consumer itself is added with <see cref="AddImageWorker(IBusRegistrationConfigurator, bool)"/>.</summary>
    public static IHostApplicationBuilder AddImageWorker(this IHostApplicationBuilder builder)
    {
        builder.AddImagePipeline();
        builder.Services.AddValidatedOptions<WorkerOptions, WorkerOptionsValidator>("Worker");
        builder.Services.AddSingleton<WorkerActivity>();
        builder.Services.AddSingleton<JobCancellations>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WorkerMetrics>();
        builder.Services.AddHostedService<HeartbeatPublisher>();
        return builder;
    }

    /// <summary>
    /// On RabbitMQ process-image is left out of ConfigureEndpoints: <see cref="ProcessingSwitch"/> connects it once it knows
    /// processing is not paused, and removes it while it is. On the in-memory bus it is configured with the bus and paused in place.
    /// </summary>
    public static void AddImageWorker(this IBusRegistrationConfigurator bus, bool inMemory)
    {
        var consumer = bus.AddConsumer<ProcessImageConsumer, ProcessImageConsumerDefinition>();
        bus.TryAddSingleton<DeliveryGate>();
        bus.TryAddSingleton<ImageJobRunner>();
        if (!inMemory) consumer.ExcludeFromConfigureEndpoints();
        bus.TryAddSingleton<ProcessingSwitch>();
        bus.AddBusObserver(sp => sp.GetRequiredService<ProcessingSwitch>());
        bus.AddConsumer<FollowProcessingStateConsumer>().Endpoint(e =>
        {
            e.Name = QueueNames.ProcessingState();
            e.Temporary = true;
        });
        bus.AddConsumer<StopCancelledJobConsumer>().Endpoint(e =>
        {
            e.Name = QueueNames.JobCancellations();
            e.Temporary = true;
        });
    }
}
