using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Broker;

namespace Queues.Api.Jobs;

/// <summary>What a bulk call matched, and (when confirmed) on how many jobs it acted.</summary>
public sealed record BulkOutcome(string Action, int Matched, bool Confirmed, int Acted);

/// <summary>
/// POST /jobs/bulk/{retry|cancel|delete} over the filter of GET /jobs, in two calls: the first (no <c>confirm</c>) only
/// counts; the second, with <c>confirm=N</c>, acts only if the filter still matches exactly N jobs (409 with the new
/// count otherwise), so a person confirms the number they saw. Retry covers the filter's Failed jobs, cancel its Queued and
/// Processing ones, delete all of them; each job goes through the same code as its single-job endpoint.
/// </summary>
public static class JobBulkApi
{
    public const int MaxJobs = 1000;
    static readonly string[] Actions = ["retry", "cancel", "delete"];

    public static IEndpointRouteBuilder MapJobBulk(this IEndpointRouteBuilder app)
    {
        app.MapPost("/jobs/bulk/{action}", Bulk).WithTags("Jobs")
            .WithSummary("Retry, cancel or delete every job a filter matches (state, tenant, batchId, q, from, to as for GET /jobs), confirmed by its count")
            .WithDescription($"Without confirm: answers how many jobs match. With confirm=N: acts if still exactly N match, else 409 with the count. At most {MaxJobs} jobs a call.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    static async Task<Results<Ok<BulkOutcome>, ProblemHttpResult>> Bulk(string action, string? state, string? q, string? from, string? to,
        string? tenant, Guid? batchId, int? confirm, JobsDbContext db, JobControl control, CancellationToken cancellationToken)
    {
        action = action.ToLowerInvariant();
        if (!Actions.Contains(action))
            return TypedResults.Problem(statusCode: 400, title: "Invalid action", detail: $"action is one of {string.Join(", ", Actions)}.");
        if (!JobFilter.TryParse(state, q, from, to, out var filter, out var problem, tenant)) return problem!;
        filter = filter with { BatchId = batchId };

        var jobs = filter.Apply(db.Jobs.AsNoTracking());
        jobs = action switch
        {
            "retry" => jobs.Where(j => j.State == JobState.Failed),
            "cancel" => jobs.Where(j => j.State == JobState.Queued || j.State == JobState.Processing),
            _ => jobs,
        };
        var matched = await jobs.CountAsync(cancellationToken);
        if (confirm is null) return TypedResults.Ok(new BulkOutcome(action, matched, false, 0));
        if (confirm != matched)
            return TypedResults.Problem(statusCode: 409, title: "Count changed",
                detail: $"The filter now matches {matched} jobs, not {confirm}: nothing was done. Confirm with confirm={matched}.",
                extensions: new Dictionary<string, object?> { ["matched"] = matched });
        if (matched > MaxJobs)
            return TypedResults.Problem(statusCode: 400, title: "Too many jobs",
                detail: $"The filter matches {matched} jobs; one call acts on at most {MaxJobs}. Narrow it (state, q, from, to).");

        var ids = await jobs.Select(j => j.Id).ToListAsync(cancellationToken);
        var acted = 0;
        try
        {
            foreach (var id in ids)
                if (await ActAsync(action, id, control, cancellationToken)) acted++;
        }
        catch (Exception e) when (BrokerApi.IsBrokerDown(e) || e is IOException or HttpRequestException)
        {
            return TypedResults.Problem(statusCode: 503, title: "Unavailable",
                detail: $"Stopped after {acted} of {matched} jobs: {e.Message}", extensions: new Dictionary<string, object?> { ["acted"] = acted });
        }
        return TypedResults.Ok(new BulkOutcome(action, matched, true, acted));
    }

    static async Task<bool> ActAsync(string action, Guid id, JobControl control, CancellationToken cancellationToken) => action switch
    {
        "retry" => await control.RetryAsync(id, cancellationToken),
        "cancel" => (await control.CancelAsync(id, cancellationToken)).State == JobState.Cancelled,
        _ => (await control.DeleteAsync(id, cancellationToken)).Found,
    };
}
