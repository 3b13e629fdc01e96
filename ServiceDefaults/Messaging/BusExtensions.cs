using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Queues.ServiceDefaults.Messaging;

public static class BusExtensions
{
    /// <summary>
    /// Standalone: the in-memory bus, so this one process must host every consumer. The one place that asks;
    /// at run time the same answer is <see cref="BusOptions.IsInMemory"/>.
    /// </summary>
    public static bool IsStandalone(this IHostApplicationBuilder builder) => ReadOptions(builder).IsInMemory;

    static BusOptions ReadOptions(IHostApplicationBuilder builder) => builder.Configuration.GetSection("Bus").Get<BusOptions>() ?? new BusOptions();

    /// <summary>
    /// MassTransit with the transport the "Bus" section chooses. Endpoint names are constants (<see cref="QueueNames"/>)
    /// or kebab-case from the consumers; RabbitMQ queues are durable, messages persistent, publishes confirmed.
    /// </summary>
    public static IHostApplicationBuilder AddQueuesBus(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> addConsumers)
    {
        // The transport decides what is registered, so it is read now rather than through IOptions.
        var options = ReadOptions(builder);
        builder.Services.AddOptions<BusOptions>().BindConfiguration("Bus").ValidateOnStart()
            .Validate(o => Enum.IsDefined(o.Transport), "Bus:Transport must be InMemory or RabbitMq")
            .Validate(o => BrokerNodes.TryParse(o.ClusterNodes, o.Port, out _), "Bus:ClusterNodes must be host[:port] entries separated by commas");

        builder.Services.AddMassTransit(x =>
        {
            // MassTransit 8 reports usage telemetry on start by default: a warning and a stack trace where there is no internet.
            x.DisableUsageTelemetry();
            x.SetKebabCaseEndpointNameFormatter();
            addConsumers(x);

            if (options.IsInMemory)
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
                return;
            }

            if (options.QuorumQueues)
                x.AddConfigureEndpointsCallback((_, name, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit && !QueueNames.IsTemporary(name)) rabbit.SetQuorumQueue();
                });

            x.UsingRabbitMq((context, cfg) =>
            {
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

        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = options.WaitUntilStarted;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            // On SIGTERM the bus stops taking messages and waits this long for in-flight ones to finish.
            o.StopTimeout = TimeSpan.FromSeconds(60);
        });
        return builder;
    }
}
