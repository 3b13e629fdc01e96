using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Access;
using Queues.Api.Jobs;
using Queues.Components.Notifications;

namespace Queues.Api.Dashboard;

public sealed record TimelineBucket(DateTime Start, int Completed, int Failed, double? P95EndToEndMs, int Waiting, int Processing);

public sealed record JobTotals(int Queued, int Processing, int Completed, int Failed);

public sealed record Timeline(DateTime From, DateTime To, int BucketSeconds, IReadOnlyList<TimelineBucket> Buckets, JobTotals Totals);

/// <summary>
/// GET /jobs/timeline: the dashboard's charts, derived from the jobs table rather than from any one process's
/// memory, so they look the same in standalone and distributed mode and survive an API restart.
/// </summary>
public static class TimelineApi
{
    const int BucketSeconds = 10;

    public static IEndpointRouteBuilder MapTimeline(this IEndpointRouteBuilder app)
    {
        app.MapGet("/jobs/timeline", Get).WithTags("Dashboard")
            .WithSummary("Per-10 s buckets over the last minutes: jobs completed and failed, p95 end-to-end ms, jobs waiting and processing")
            .ProducesProblem(StatusCodes.Status400BadRequest).OperatorOnly();
        return app;
    }

    static async Task<Results<Ok<Timeline>, ProblemHttpResult>> Get(JobsDbContext db, JobCountsReader jobCounts, TimeProvider clock,
        int minutes = 10, CancellationToken cancellationToken = default)
    {
        if (minutes is < 1 or > 60)
            return TypedResults.Problem(statusCode: 400, title: "Invalid window", detail: "minutes is 1 to 60.");

        var now = clock.GetUtcNow().UtcDateTime;
        var to = new DateTime(now.Ticks - now.Ticks % TimeSpan.FromSeconds(BucketSeconds).Ticks, DateTimeKind.Utc).AddSeconds(BucketSeconds);
        var from = to.AddMinutes(-minutes);
        // Two range reads of the FinishedAt index, the unfinished jobs and those finished in the window, rather than
        // one OR that SQLite answers by reading the whole table (70 ms at 100k rows; BENCHMARKS.md, "Growth").
        // (QueuedAt < to is applied here, not in SQL: a second range there could make the planner read the other index.)
        var jobs = db.Jobs.AsNoTracking();
        var rows = await jobs.Where(j => j.FinishedAt == null).Select(j => new Row(j.State, j.QueuedAt, j.StartedAt, j.FinishedAt))
            .ToListAsync(cancellationToken);
        rows.AddRange(await jobs.Where(j => j.FinishedAt >= from).Select(j => new Row(j.State, j.QueuedAt, j.StartedAt, j.FinishedAt))
            .ToListAsync(cancellationToken));
        rows.RemoveAll(r => r.QueuedAt >= to);

        var buckets = new List<TimelineBucket>();
        for (var start = from; start < to; start = start.AddSeconds(BucketSeconds))
        {
            var end = start.AddSeconds(BucketSeconds);
            // The last bucket is still filling: its depth is "now", not its end.
            var at = end > now ? now : end;
            var finished = rows.Where(r => r.FinishedAt >= start && r.FinishedAt < end).ToList();
            var completed = finished.Where(r => r.State == JobState.Completed).ToList();
            buckets.Add(new TimelineBucket(start, completed.Count, finished.Count(r => r.State == JobState.Failed),
                completed.Count == 0 ? null : Percentiles.Of(completed.Select(r => (r.FinishedAt!.Value - r.QueuedAt).TotalMilliseconds)).P95,
                rows.Count(r => r.WaitingAt(at)), rows.Count(r => r.ProcessingAt(at))));
        }

        var counts = await jobCounts.ReadAsync(db, cancellationToken);
        var totals = new JobTotals((int)counts.Queued, (int)counts.Processing, (int)counts.Completed, (int)counts.Failed);
        return TypedResults.Ok(new Timeline(from, to, BucketSeconds, buckets, totals));
    }

    /// <summary>
    /// A job's timestamps replayed: waiting from upload until a worker starts it, processing until it finishes.
    /// A retried job keeps its first start, so it counts as processing from then until it finishes again.
    /// </summary>
    sealed record Row(JobState State, DateTime QueuedAt, DateTime? StartedAt, DateTime? FinishedAt)
    {
        public bool WaitingAt(DateTime t) => QueuedAt <= t && !(StartedAt <= t) && !(FinishedAt <= t);
        public bool ProcessingAt(DateTime t) => StartedAt <= t && !(FinishedAt <= t);
    }
}
