using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Queues.ServiceDefaults.Messaging;

public static class BusExtensions
{
    /// <summary>
    /// Standalone: the in-memory bus, so this one process must host every consumer. The one place that asks;
    /// at run time the same answer is <see cref="BusOptions.IsInMemory"/>.
    /// </summary>
    public static bool IsStandalone(this IHostApplicationBuilder builder) => Transport(builder) == BusTransport.InMemory;

    /// <summary>
    /// The one setting read before the services exist: the transport decides which of them are registered. Everything
    /// else in the section is read through <c>IOptions&lt;BusOptions&gt;</c>, validated at start.
    /// </summary>
    static BusTransport Transport(IHostApplicationBuilder builder) =>
        builder.Configuration.GetValue("Bus:Transport", BusTransport.InMemory);

    /// <summary>
    /// MassTransit with the transport the "Bus" section chooses. Endpoint names are constants (<see cref="QueueNames"/>)
    /// or kebab-case from the consumers; RabbitMQ queues are durable, messages persistent, publishes confirmed.
    /// </summary>
    public static IHostApplicationBuilder AddQueuesBus(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> addConsumers)
    {
        builder.Services.AddValidatedOptions<BusOptions, BusOptionsValidator>("Bus");

        builder.Services.AddMassTransit(x =>
        {
            // MassTransit 8 reports usage telemetry on start by default: a warning and a stack trace where there is no internet.
            x.DisableUsageTelemetry();
            x.SetKebabCaseEndpointNameFormatter();
            addConsumers(x);

            if (builder.IsStandalone())
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
                return;
            }

            x.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit && !QueueNames.IsTemporary(name)
                    && context.GetRequiredService<IOptions<BusOptions>>().Value.QuorumQueues)
                    rabbit.SetQuorumQueue();
            });

            x.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<BusOptions>>().Value;
                var nodes = BrokerNodes.Of(options);
                cfg.Host(nodes[0].HostName, (ushort)nodes[0].Port, options.VirtualHost, h =>
                {
                    h.Username(options.Username);
                    h.Password(options.Password);
                    h.PublisherConfirmation = true;
                    // Each (re)connection takes the next node of the list, so losing a node moves the bus to a live one.
                    if (nodes.Count > 1) h.UseCluster(c => { foreach (var node in nodes) c.Node($"{node.HostName}:{node.Port}"); });
                });
                cfg.PrefetchCount = options.EffectivePrefetch;
                cfg.ConfigureEndpoints(context);
            });
        });

        builder.Services.AddOptions<MassTransitHostOptions>().Configure<IOptions<BusOptions>>((o, bus) =>
        {
            o.WaitUntilStarted = bus.Value.WaitUntilStarted;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            // On SIGTERM the bus stops taking messages and waits this long for in-flight ones to finish.
            o.StopTimeout = TimeSpan.FromSeconds(60);
        });
        return builder;
    }
}
