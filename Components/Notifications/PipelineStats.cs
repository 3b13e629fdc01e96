using Queues.Contracts;
using Queues.Imaging;

namespace Queues.Components.Notifications;

/// <summary>
/// A rolling window of the latest finished jobs for /stats: counts, last-minute throughput and latency
/// percentiles. In memory per notifier; the jobs database stays the record of every job.
/// </summary>
public sealed class PipelineStats(TimeProvider clock)
{
    const int WindowSize = 10_000;
    readonly object gate = new();
    readonly Queue<Sample> samples = new();
    readonly Dictionary<string, long> byWorker = new(), byOperation = new(), failuresByReason = new();
    long completed, failed;
    readonly DateTime since = clock.GetUtcNow().UtcDateTime;

    readonly record struct Sample(DateTime At, double ProcessingMs, double EndToEndMs);

    public void Completed(string worker, string[] operations, double processingMs, double endToEndMs)
    {
        lock (gate)
        {
            completed++;
            Increment(byWorker, worker);
            foreach (var op in operations) Increment(byOperation, OperationParser.NameOf(op));
            samples.Enqueue(new Sample(clock.GetUtcNow().UtcDateTime, processingMs, endToEndMs));
            if (samples.Count > WindowSize) samples.Dequeue();
        }
    }

    public void Failed(FailureKind kind)
    {
        lock (gate)
        {
            failed++;
            Increment(failuresByReason, kind.ToString());
        }
    }

    public StatsSnapshot Snapshot()
    {
        Sample[] window;
        StatsSnapshot partial;
        var now = clock.GetUtcNow().UtcDateTime;
        lock (gate)
        {
            window = samples.ToArray();
            partial = new StatsSnapshot(since, now, completed, failed, 0, Percentiles.Empty, Percentiles.Empty,
                new(byWorker), new(byOperation), new(failuresByReason), window.Length);
        }
        var lastMinute = window.Count(s => s.At > now.AddMinutes(-1));
        return partial with
        {
            ThroughputPerSecondLastMinute = Math.Round(lastMinute / 60.0, 3),
            ProcessingMs = Percentiles.Of(window.Select(s => s.ProcessingMs)),
            EndToEndMs = Percentiles.Of(window.Select(s => s.EndToEndMs)),
        };
    }

    static void Increment(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}

public sealed record StatsSnapshot(
    DateTime Since,
    DateTime At,
    long Completed,
    long Failed,
    double ThroughputPerSecondLastMinute,
    Percentiles ProcessingMs,
    Percentiles EndToEndMs,
    Dictionary<string, long> CompletedByWorker,
    Dictionary<string, long> OperationsProcessed,
    Dictionary<string, long> FailedByReason,
    int WindowJobs);
