using Queues.Monitoring.Sources;

namespace Queues.Monitoring.Sampling;

/// <summary>
/// The queues view from the Api's /metrics: its queue gauges (from the jobs table in standalone mode, from the
/// management API in distributed mode), publish and deliver rates from MassTransit's counters, and in standalone
/// mode, where the Api hosts worker and notifier, the ack rate from jobs finished.
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
        // Acknowledged = finished. MassTransit's consume counter will not do: it counts a message as its consumer
        // starts, and the in-memory transport hands every message to the consumer pipeline at once. Standalone,
        // the notifier's counters are in this /metrics; distributed, they are the notifier's, and ack/s stays unknown.
        var standalone = m.Where("queues_queue_messages_ready", "source=jobs-table").Any();
        double? finished = standalone ? (m.Sum("queues_jobs_completed_total") ?? 0) + (m.Sum("queues_jobs_failed_total") ?? 0) : null;
        return
        [
            ready, m.Sum("queues_queue_messages_unacked", Work), m.Sum("queues_queue_consumers", Work),
            publish.Next(Count("messaging_masstransit_send_ea_total", Destination), at),
            deliver.Next(Count("messaging_masstransit_receive_ea_total", Destination), at),
            ack.Next(finished, at),
            m.Sum("queues_queue_messages_ready", Errors), m.Sum("queues_queue_oldest_job_age_seconds", Work),
        ];
    }
}
