using System.Diagnostics.Metrics;

namespace Queues.Components.Processing;

/// <summary>The worker's own instruments; completion counts and latencies are the notifier's.</summary>
public sealed class WorkerMetrics
{
    public const string MeterName = "Queues.Worker";
    readonly UpDownCounter<int> inFlight;

    public WorkerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        inFlight = meter.CreateUpDownCounter<int>("queues.worker.images_in_flight", "{image}", "Images being processed now, per worker.");
    }

    public IDisposable TrackInFlight(string workerId)
    {
        var tag = new KeyValuePair<string, object?>("worker", workerId);
        inFlight.Add(1, tag);
        return new Release(() => inFlight.Add(-1, tag));
    }

    sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
