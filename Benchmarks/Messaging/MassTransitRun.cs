using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Queues.Contracts;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Benchmarks.Messaging;

/// <summary>
/// MassTransit wired exactly as the services wire it (<see cref="BusExtensions.AddQueuesBus"/>: durable queues,
/// persistent messages, publisher confirms), sending ProcessImage straight to its consumer's queue as the
/// API's outbox dispatcher does (raw RabbitMQ.Client also publishes to the queue, through the default
/// exchange). The bus starts before the clock does; the clock runs from the first send to the last consume.
/// </summary>
static class MassTransitRun
{
    public sealed class BenchProcessImageConsumer(Messages.Counter counter) : IConsumer<ProcessImage>
    {
        public Task Consume(ConsumeContext<ProcessImage> context)
        {
            counter.Consumed();
            return Task.CompletedTask;
        }
    }

    /// <param name="port">RabbitMQ's port, or null for the in-memory transport.</param>
    public static async Task<double> MessagesPerSecondAsync(int? port, int count, int batch, int prefetch)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = port is null ? "InMemory" : "RabbitMq",
            ["Bus:Host"] = "127.0.0.1",
            ["Bus:Port"] = port?.ToString() ?? "5672",
            ["Bus:PrefetchCount"] = prefetch.ToString(),
        });
        builder.Services.AddSingleton<Messages.Counter>();
        builder.AddQueuesBus(bus =>
        {
            bus.AddConsumer<BenchProcessImageConsumer>();
            // The convention names this consumer's queue "bench-process-image". Each round starts from an
            // empty queue, whatever an interrupted run left behind.
            bus.AddConfigureEndpointsCallback((_, cfg) =>
            {
                if (cfg is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.PurgeOnStartup = true;
            });
        });

        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var counter = host.Services.GetRequiredService<Messages.Counter>();
            var endpoint = await host.Services.GetRequiredService<ISendEndpointProvider>().GetSendEndpoint(new Uri("queue:bench-process-image"));
            counter.Expect(count);
            var clock = Stopwatch.StartNew();
            for (var sent = 0; sent < count; sent += batch)
                await Task.WhenAll(Enumerable.Range(sent, Math.Min(batch, count - sent)).Select(i => endpoint.Send(Messages.Job(i))));
            await counter.Done.WaitAsync(TimeSpan.FromMinutes(2));
            return count / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
