using Queues.Monitoring.Sources;

namespace Queues.Monitoring.Sampling;

public static class Samplers
{
    /// <summary>queues: the broker when --rabbit is given, else the Api's gauges; performance: /stats and the Api's /metrics.</summary>
    public static ISampler For(MonitorOptions options)
    {
        var api = new HttpSource(HttpSource.Client(options.ApiKey), "Api");
        return options.Command switch
        {
            "queues" when options.Rabbit is { } rabbit => Broker(options, rabbit),
            "queues" => new ApiQueuesSampler(api, options.Api),
            "performance" => new PerformanceSampler(
                options.Notifier is null ? api : new HttpSource(HttpSource.Client(), "Notifier"), options.StatsUrl, api, options.Api),
            _ => throw new ArgumentException($"No monitor for '{options.Command}'."),
        };
    }

    static RabbitQueuesSampler Broker(MonitorOptions options, Uri rabbit)
    {
        var (source, management) = HttpSource.Management(options);
        return new RabbitQueuesSampler(source, management, rabbit);
    }
}
