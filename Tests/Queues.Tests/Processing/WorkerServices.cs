using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Queues.Components.Processing;
using Queues.Imaging;
using Queues.ServiceDefaults.Messaging;
using Queues.ServiceDefaults.Storage;

namespace Queues.Tests.Processing;

/// <summary>The worker's consumers and what they need, over a given store, in MassTransit's test harness.</summary>
static class WorkerServices
{
    public static ServiceProvider Build(IObjectStore store, Action<WorkerOptions> worker) =>
        new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton(store)
            .AddSingleton<ImagePipeline>()
            .AddSingleton<WorkerActivity>()
            .AddSingleton<JobCancellations>()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<WorkerMetrics>()
            .Configure<ImagingOptions>(_ => { })
            .Configure<BusOptions>(_ => { })
            // No Api here to say whether processing is paused: take messages at once.
            .Configure<WorkerOptions>(o => o.PauseStateWait = TimeSpan.Zero)
            .Configure(worker)
            .AddMassTransitTestHarness(x => x.AddImageWorker(inMemory: true))
            .BuildServiceProvider(true);
}
