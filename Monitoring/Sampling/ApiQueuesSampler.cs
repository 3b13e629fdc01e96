using Queues.Monitoring.Sources;

namespace Queues.Monitoring.Sampling;

/// <summary>
/// The queues view from the Api's /metrics: its queue gauges (from the jobs table in standalone mode, from the
/// management API in distributed mode) and rates from MassTransit's counters, which in standalone mode count the
/// worker's consumption too, since the Api hosts it.
/// </summary>
public sealed class ApiQueuesSampler(HttpSource source, Uri apiUrl) : ISampler
{
    const string Work = "queue=" + RabbitQueuesSampler.WorkQueue, Errors = "queue=" + RabbitQueuesSampler.ErrorQueue;
    const string Destination = "messaging_masstransit_destination=" + RabbitQueuesSampler.WorkQueue;
    readonly CounterRate publish = new(), deliver = new(), ack = new();

    public string Title => $"{RabbitQueuesSampler.WorkQueue} from the Api's gauges at {apiUrl}metrics (polled every few seconds)";
    public IReadOnlyList<Column> Columns => QueueColumns.All;
    public IReadOnlyList<string> DepthColumns => QueueColumns.Depth;
    public IReadOnlyList<string> RateColumns => QueueColumns.Rates;

    public async Task<IReadOnlyList<double?>> ReadAsync(DateTime at, CancellationToken cancellationToken)
    {
        var m = MetricSet.Parse(await source.GetStringAsync(new Uri(apiUrl, "metrics"), cancellationToken));
        var ready = m.Sum("queues_queue_messages_ready", Work);
        var service = m.Where("target_info").Select(s => s.Labels.GetValueOrDefault("service_name")).FirstOrDefault();
        if (service is not null && service != "Queues.Api")
            throw new SourceUnavailableException($"{apiUrl}metrics belongs to {service}, not the Api: the queue gauges are the Api's (--api)");
        // A counter appears with its first increment: before that it is zero, not unknown.
        double Count(string name, string label) => m.Sum(name, label) ?? 0;
        return
        [
            ready, m.Sum("queues_queue_messages_unacked", Work), m.Sum("queues_queue_consumers", Work),
            publish.Next(Count("messaging_masstransit_send_ea_total", Destination), at),
            deliver.Next(Count("messaging_masstransit_receive_ea_total", Destination), at),
            ack.Next(Count("messaging_masstransit_consume_ea_total", "messaging_masstransit_consumer_type=ProcessImageConsumer"), at),
            m.Sum("queues_queue_messages_ready", Errors), m.Sum("queues_queue_oldest_job_age_seconds", Work),
        ];
    }
}
