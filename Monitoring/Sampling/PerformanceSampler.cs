using Queues.Monitoring.Sources;

namespace Queues.Monitoring.Sampling;

/// <summary>
/// The performance view: counts and latency percentiles from the notifier's /stats, throughput as the change in
/// completed jobs per second between two readings, and queue depth and workers online from the Api's /metrics.
/// </summary>
public sealed class PerformanceSampler(HttpSource stats, Uri statsUrl, HttpSource api, Uri apiUrl) : ISampler
{
    readonly CounterRate throughput = new(), failures = new();

    public string Title => $"pipeline performance from {statsUrl}stats (latency percentiles over the latest 10,000 jobs)";

    public IReadOnlyList<Column> Columns { get; } =
    [
        new("completed", "completed"), new("failed", "failed"),
        new("throughput_per_s", "jobs/s", "0.0"), new("throughput_last_minute_per_s", "jobs/s 1 min", "0.0"),
        new("failed_per_s", "failed/s", "0.0"),
        new("processing_p50_ms", "proc p50 ms"), new("processing_p95_ms", "proc p95 ms"), new("processing_p99_ms", "proc p99 ms"),
        new("end_to_end_p50_ms", "e2e p50 ms"), new("end_to_end_p95_ms", "e2e p95 ms"), new("end_to_end_p99_ms", "e2e p99 ms"),
        new("workers_online", "workers"), new("ready", "queue ready"),
    ];

    public IReadOnlyList<string> DepthColumns => ["ready"];
    public IReadOnlyList<string> RateColumns => ["throughput_per_s", "failed_per_s"];

    public async Task<IReadOnlyList<double?>> ReadAsync(DateTime at, CancellationToken cancellationToken)
    {
        var s = PipelineStatsView.Parse(await stats.GetStringAsync(new Uri(statsUrl, "stats"), cancellationToken));
        double? ready = null, workers = null;
        try
        {
            var metrics = MetricSet.Parse(await api.GetStringAsync(new Uri(apiUrl, "metrics"), cancellationToken));
            ready = metrics.Sum("queues_queue_messages_ready", "queue=process-image");
            workers = metrics.Sum("queues_workers_online");
        }
        catch (SourceUnavailableException) when (statsUrl != apiUrl)
        {
            // Queue depth and workers are side columns here; the notifier's numbers still stand without them.
        }
        return
        [
            s.Completed, s.Failed, throughput.Next(s.Completed, at), s.ThroughputLastMinute, failures.Next(s.Failed, at),
            s.ProcessingMs.P50, s.ProcessingMs.P95, s.ProcessingMs.P99, s.EndToEndMs.P50, s.EndToEndMs.P95, s.EndToEndMs.P99,
            workers, ready,
        ];
    }
}
