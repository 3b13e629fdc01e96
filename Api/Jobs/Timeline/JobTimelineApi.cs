using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Dashboard;

namespace Queues.Api.Jobs;

/// <summary>GET /jobs/{id}/timeline: a job's whole story, tenant-scoped like GET /jobs/{id} (another tenant's job is 404).</summary>
public static class JobTimelineApi
{
    public static IEndpointRouteBuilder MapJobTimeline(this IEndpointRouteBuilder app)
    {
        app.MapGet("/jobs/{id:guid}/timeline", Get).WithTags("Jobs")
            .WithSummary("A job's events in order: accepted, sent, each delivery, progress, hand-backs, its end, announcement and webhook tries, with its trace")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static async Task<Results<Ok<JobTimelineView>, ProblemHttpResult>> Get(Guid id, JobsDbContext db, JobTimeline timeline,
        IOptions<DashboardOptions> dashboard, CancellationToken cancellationToken)
    {
        // The job first, through the tenant filter: the events table has none, and is read only for a job the caller may see.
        var job = await db.Jobs.AsNoTracking().Where(j => j.Id == id)
            .Select(j => new { j.Id, j.State, j.QueuedAt, j.TraceParent }).FirstOrDefaultAsync(cancellationToken);
        if (job is null) return JobProblems.NotFound(id);
        // Ordered by when it happened; replicas flush at their own pace, so the insert order (Id) only breaks ties.
        var events = (await db.JobEvents().AsNoTracking().Where(e => e.JobId == id).ToListAsync(cancellationToken))
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new JobEventView(e.At, Math.Round((e.At - job.QueuedAt).TotalMilliseconds, 1), e.Kind, e.Source, Parse(e.Detail)))
            .ToList();
        var traceId = TraceId(job.TraceParent);
        var traceUrl = traceId is not null && dashboard.Value.TraceViewerUrl is { Length: > 0 } viewer
            ? viewer.Replace("{traceId}", traceId, StringComparison.Ordinal) : null;
        return TypedResults.Ok(new JobTimelineView(job.Id, job.State, job.QueuedAt, traceId, traceUrl, timeline.Enabled, events));
    }

    /// <summary>The trace id of a W3C traceparent ("00-{trace id}-{span id}-{flags}").</summary>
    internal static string? TraceId(string? traceParent) =>
        traceParent?.Split('-') is [_, { Length: 32 } traceId, _, _] ? traceId : null;

    static JsonElement? Parse(string? detail)
    {
        if (detail is null) return null;
        using var document = JsonDocument.Parse(detail);
        return document.RootElement.Clone();
    }
}

/// <param name="TraceId">The trace of the upload, its sends, attempts and notifications; null for a job queued outside any trace.</param>
/// <param name="TraceUrl">The trace in the viewer Dashboard:TraceViewerUrl names; null when none is configured.</param>
/// <param name="Recording">False when Timeline:Enabled is off: no events are recorded.</param>
public sealed record JobTimelineView(Guid Id, JobState State, DateTime QueuedAt, string? TraceId, string? TraceUrl, bool Recording,
    IReadOnlyList<JobEventView> Events);

/// <param name="SinceAcceptedMs">Milliseconds since the job was accepted (its queued time).</param>
/// <param name="Source">The Api replica, worker or notifier it happened on.</param>
/// <param name="Detail">What the kind of event carries (docs/api.md), as a JSON object.</param>
public sealed record JobEventView(DateTime At, double SinceAcceptedMs, string Kind, string Source, JsonElement? Detail);
