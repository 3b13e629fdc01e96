using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Queues.Api.Jobs;

/// <summary>
/// Takes a job's events where they happen (transitions, outbox, consumers) and hands them to <see cref="TimelineWriter"/>
/// through a bounded channel: recording costs a job one non-blocking write, never a database round trip. A full
/// channel drops the event (counted in queues_timeline_dropped_total, and logged once per run of drops) instead of holding the job.
/// </summary>
public sealed class JobTimeline
{
    public const string DroppedMetric = "queues.timeline.dropped";
    readonly Channel<JobEvent> events;
    readonly ReplicaIdentity replica;
    readonly IOptions<TimelineOptions> options;
    readonly TimeProvider clock;
    readonly ILogger<JobTimeline> logger;
    long dropped;
    int dropping;

    public JobTimeline(ReplicaIdentity replica, IOptions<TimelineOptions> options, TimeProvider clock, IMeterFactory meters, ILogger<JobTimeline> logger)
    {
        (this.replica, this.options, this.clock, this.logger) = (replica, options, clock, logger);
        Enabled = options.Value.Enabled;
        events = Channel.CreateBounded<JobEvent>(new BoundedChannelOptions(options.Value.Capacity) { FullMode = BoundedChannelFullMode.Wait });
        meters.Create(Observability.ApiMetrics.MeterName).CreateObservableCounter(DroppedMetric, () => Dropped, "{event}",
            "Timeline events dropped because Timeline:Capacity events already waited for the database.");
    }

    public bool Enabled { get; }

    /// <summary>Events dropped since start because the writer was too far behind.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    internal ChannelReader<JobEvent> Reader => events.Reader;

    /// <summary>Events recorded and not yet taken by the writer.</summary>
    public int Waiting => events.Reader.Count;

    /// <param name="source">Where it happened; this replica when null.</param>
    /// <param name="at">When it happened, if the message says; now when null.</param>
    public void Record(Guid jobId, string kind, string? detail = null, string? source = null, DateTime? at = null)
    {
        if (!Enabled) return;
        var e = new JobEvent
        {
            JobId = jobId, Kind = kind, Detail = detail, At = at ?? clock.GetUtcNow().UtcDateTime,
            Source = Cut(source ?? replica.Id),
        };
        if (events.Writer.TryWrite(e))
        {
            if (Volatile.Read(ref dropping) == 1 && Interlocked.Exchange(ref dropping, 0) == 1)
                logger.LogInformation("Timeline recording again; {Dropped} events dropped since start", Dropped);
            return;
        }
        Interlocked.Increment(ref dropped);
        if (Interlocked.Exchange(ref dropping, 1) == 0)
            logger.LogWarning("Timeline events dropped: {Capacity} wait for the database already (Timeline:Capacity)", options.Value.Capacity);
    }

    /// <summary>No more events: the writer flushes what is left and stops.</summary>
    internal void Complete() => events.Writer.TryComplete();

    static string Cut(string text) => text.Length > JobEvent.MaxSourceLength ? text[..JobEvent.MaxSourceLength] : text;
}
