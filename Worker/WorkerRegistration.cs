using MassTransit;
using Microsoft.Extensions.Options;
using Queues.Worker.Imaging;

namespace Queues.Worker;

public static class WorkerRegistration
{
    /// <summary>The image pipeline and its limits: what the API needs to check uploads, and what a worker runs.</summary>
    public static IHostApplicationBuilder AddImaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImagingOptions>().BindConfiguration("Imaging").ValidateOnStart()
            .Validate(o => o.MaxPixels > 0, "Imaging:MaxPixels must be positive");
        builder.Services.AddSingleton<ImagePipeline>();
        builder.Services.AddHostedService<VipsSetup>();
        return builder;
    }

    /// <summary>The worker role: options, activity, heartbeats. The consumer itself is added with <see cref="AddImageWorker(IBusRegistrationConfigurator)"/>.</summary>
    public static IHostApplicationBuilder AddImageWorker(this IHostApplicationBuilder builder)
    {
        builder.AddImaging();
        builder.Services.AddOptions<WorkerOptions>().BindConfiguration("Worker").ValidateOnStart()
            .Validate(o => o.Concurrency >= 0 && o.RetryLimit >= 0, "Worker:Concurrency and Worker:RetryLimit must not be negative");
        builder.Services.AddSingleton<WorkerActivity>();
        builder.Services.AddSingleton<WorkerMetrics>();
        builder.Services.AddHostedService<HeartbeatPublisher>();
        return builder;
    }

    public static void AddImageWorker(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<ProcessImageConsumer, ProcessImageConsumerDefinition>();

    /// <summary>libvips' operation cache only helps when the same image is processed twice, which a queue never does.</summary>
    sealed class VipsSetup(IOptions<ImagingOptions> options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            NetVips.Cache.Max = 0;
            if (options.Value.VipsConcurrency > 0) NetVips.NetVips.Concurrency = options.Value.VipsConcurrency;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
