using System.Diagnostics.Metrics;

namespace Queues.Components.Processing;

/// <summary>The worker's own instruments; completion counts and latencies are the notifier's.</summary>
public sealed class WorkerMetrics
{
    public const string MeterName = "Queues.Worker";
    readonly UpDownCounter<int> inFlight;
    readonly Counter<long> attempts, unconfirmed;

    public WorkerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        inFlight = meter.CreateUpDownCounter<int>("queues.worker.images_in_flight", "{image}", "Images being processed now, per worker.");
        attempts = meter.CreateCounter<long>("queues.worker.attempts", "{attempt}",
            "Processing attempts begun and announced (ImageProcessingStarted), redeliveries and in-process retries included.");
        unconfirmed = meter.CreateCounter<long>("queues.worker.announcements_unconfirmed", "{announcement}",
            "Announcements of an attempt (ImageProcessingStarted) whose publish failed: each may still have reached the Api.");
    }

    /// <summary>
    /// One more attempt announced: the jobs table's attempt counts add up to the sum of this over every worker, plus at most
    /// <see cref="AnnouncementUnconfirmed"/>'s.
    /// </summary>
    public void AttemptStarted(string workerId) => attempts.Add(1, new KeyValuePair<string, object?>("worker", workerId));

    /// <summary>
    /// An attempt's announcement failed to publish (its confirm lost with the connection, or a timeout): it may have reached
    /// the broker, and the Api counts it, while the delivery went back to the queue and this attempt never ran.
    /// </summary>
    public void AnnouncementUnconfirmed(string workerId) => unconfirmed.Add(1, new KeyValuePair<string, object?>("worker", workerId));

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
