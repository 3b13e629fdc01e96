using System.Diagnostics.Metrics;

namespace Queues.Components.Processing;

/// <summary>The worker's own instruments; completion counts and latencies are the notifier's.</summary>
public sealed class WorkerMetrics
{
    public const string MeterName = "Queues.Worker";
    readonly UpDownCounter<int> inFlight;
    readonly Counter<long> attempts;

    public WorkerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        inFlight = meter.CreateUpDownCounter<int>("queues.worker.images_in_flight", "{image}", "Images being processed now, per worker.");
        attempts = meter.CreateCounter<long>("queues.worker.attempts", "{attempt}",
            "Processing attempts begun and announced (ImageProcessingStarted), redeliveries and in-process retries included.");
    }

    /// <summary>One more attempt announced: the jobs table's attempt counts add up to the sum of this over every worker.</summary>
    public void AttemptStarted(string workerId) => attempts.Add(1, new KeyValuePair<string, object?>("worker", workerId));

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
