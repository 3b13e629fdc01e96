using Queues.LoadTest.Client;

namespace Queues.LoadTest.Results;

/// <summary>Everything one run measured; saved as JSON and read back by <c>analyze</c>.</summary>
public sealed record RunResult(
    string Label,
    string Scenario,
    string Command,
    DateTime StartedAtUtc,
    string Url,
    string Images,
    string? Operations,
    string CompletionSource,
    double DurationSeconds,
    RequestCounts Requests,
    JobCounts Jobs,
    LatencyStats Upload,
    LatencyStats EndToEnd,
    LatencyStats ServerEndToEnd,
    LatencyStats Processing,
    double ThroughputPerSecond,
    int PeakOutstanding,
    long? PeakQueueDepth,
    double MaxSchedulerLagMs,
    IReadOnlyList<SecondSample> Timeline,
    // Null in result files written before the watcher counted its reads.
    WatchReads? Watch = null,
    // What the plots' titles say (--title), and the events drawn on them (--marks), in seconds since the run's start.
    string? Title = null,
    IReadOnlyList<Queues.Plotting.PlotMark>? Marks = null);

public sealed record RequestCounts(int Planned, int Sent, int Accepted, int Rejected, IReadOnlyDictionary<string, int> ByStatus);

public sealed record JobCounts(int Completed, int Failed, int Lost);

/// <summary>One second of the run: what was sent and finished in it, and latencies of the jobs that finished in it.</summary>
public sealed record SecondSample(int Second, int Sent, int Accepted, int Completed, int Failed, int Outstanding,
    long? QueueDepth, double UploadP99, double EndToEndP50, double EndToEndP99);
