using System.Diagnostics.Metrics;
using Queues.Api.Dashboard;

namespace Queues.Api.Observability;

/// <summary>
/// Queue depth, consumers and oldest waiting job for process-image and its error queue, as observable gauges.
/// A scrape reads the latest poll of <see cref="QueueProbe"/>, so /metrics never waits on the broker.
/// Also workers online, from the heartbeats every Api replica receives (the dashboard's <see cref="WorkerRegistry"/>).
/// </summary>
public sealed class QueueGauges
{
    public const string OtherTenants = "other";
    volatile IReadOnlyList<QueueReading> latest = [];
    volatile IReadOnlyList<TenantView> tenants = [];

    public QueueGauges(IMeterFactory meters, WorkerRegistry workers)
    {
        var meter = meters.Create(ApiMetrics.MeterName);
        meter.CreateObservableGauge("queues.workers.online", () => workers.All().Count(w => w.Online), "{worker}",
            "Workers whose heartbeat arrived within Dashboard:WorkerOfflineAfter.");
        meter.CreateObservableGauge("queues.queue.messages.ready", () => Measure(r => r.Ready), "{message}",
            "Messages waiting for a consumer (standalone: jobs Queued; error queue: jobs Failed).");
        meter.CreateObservableGauge("queues.queue.messages.unacked", () => Measure(r => r.Unacked), "{message}",
            "Messages delivered to a consumer and not yet acknowledged (standalone: jobs Processing).");
        meter.CreateObservableGauge("queues.queue.consumers", () => Measure(r => r.Consumers), "{consumer}",
            "Consumers attached to the queue (distributed mode only).");
        meter.CreateObservableGauge("queues.queue.oldest_job.age", () => Measure(r => r.OldestAgeSeconds), "s",
            "Age of the oldest job waiting: Queued for process-image, Failed for the error queue.");
        meter.CreateObservableGauge("queues.tenant.jobs.waiting", () => PerTenant(t => t.Waiting), "{job}",
            "Jobs Queued per tenant: the busiest QueueMetrics:TopTenants by name, the rest as \"other\".");
        meter.CreateObservableGauge("queues.tenant.jobs.processing", () => PerTenant(t => t.Processing), "{job}",
            "Jobs Processing per tenant: the busiest QueueMetrics:TopTenants by name, the rest as \"other\".");
    }

    public void Update(IReadOnlyList<QueueReading> readings) => latest = readings;

    /// <summary>The last poll's readings; empty while the source cannot be read.</summary>
    public IReadOnlyList<QueueReading> Latest => latest;

    /// <summary>The busiest <paramref name="top"/> tenants by name and the others summed: a label's values stay bounded however many tenants there are.</summary>
    public void UpdateTenants(IReadOnlyList<TenantView> busiestFirst, int top)
    {
        var named = busiestFirst.Take(top).ToList();
        var rest = busiestFirst.Skip(top).ToList();
        if (rest.Count > 0)
            named.Add(new TenantView(OtherTenants, rest.Sum(t => t.Waiting), rest.Sum(t => t.Processing), rest.Sum(t => t.CompletedLastMinute), 0));
        tenants = named;
    }

    IEnumerable<Measurement<long>> PerTenant(Func<TenantView, long> value) =>
        tenants.Select(t => new Measurement<long>(value(t), new KeyValuePair<string, object?>("tenant", t.Tenant)));

    IEnumerable<Measurement<T>> Measure<T>(Func<QueueReading, T?> value) where T : struct =>
        latest.Where(r => value(r).HasValue).Select(r => new Measurement<T>(value(r)!.Value,
            new KeyValuePair<string, object?>("queue", r.Queue), new KeyValuePair<string, object?>("source", r.Source)));

    IEnumerable<Measurement<long>> Measure(Func<QueueReading, long> value) => Measure(r => (long?)value(r));
}
