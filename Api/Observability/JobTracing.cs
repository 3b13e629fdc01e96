using System.Diagnostics;
using Queues.Api.Jobs;

namespace Queues.Api.Observability;

/// <summary>
/// Keeps one trace per job across the outbox. The upload request's trace context is stored on the job row;
/// the dispatcher, which runs later on a background loop, starts its send under that context, and
/// MassTransit carries it on the message to the worker and from there to the notifier.
/// </summary>
public static class JobTracing
{
    public const string SourceName = "Queues.Api";
    static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current request's W3C traceparent, or null when nothing is tracing it.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>A span for handing one job to the broker, child of the request that queued it.</summary>
    public static Activity? StartDispatch(ImageJob job) => StartChild(job, "outbox dispatch");

    /// <summary>A span for announcing one job's end, in the same trace.</summary>
    public static Activity? StartAnnounce(ImageJob job) => StartChild(job, "outbox announce");

    static Activity? StartChild(ImageJob job, string name)
    {
        // A missing or malformed traceparent (rows written before this column existed) starts a new trace.
        ActivityContext.TryParse(job.TraceParent, null, isRemote: true, out var parent);
        var activity = Source.StartActivity(name, ActivityKind.Internal, parent);
        activity?.SetTag("queues.job_id", job.Id.ToString());
        return activity;
    }
}
