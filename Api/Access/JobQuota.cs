using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Jobs;

namespace Queues.Api.Access;

/// <summary>
/// A cap on one tenant's jobs in flight (Queued + Processing), read from the jobs table at upload, so it holds
/// across Api replicas. Like the rate limit, it applies to submitters in ApiKey mode unless a key sets its own.
/// </summary>
public sealed class JobQuota(JobsDbContext db, IOptions<AccessOptions> access, IHttpContextAccessor http)
{
    /// <summary>A finished job frees a slot; how long that takes is unknown, so the client is told to look again shortly.</summary>
    const int RetryAfterSeconds = 2;

    /// <summary>Null when the caller's tenant may queue one more job; otherwise the 429 to answer.</summary>
    public async Task<ProblemHttpResult?> CheckAsync(CancellationToken cancellationToken)
    {
        var options = access.Value;
        if (http.HttpContext is not { } context || options.Mode == AuthMode.None) return null;
        var user = context.User;
        var own = user.Limit(Caller.MaxJobsInFlightClaim);
        if (user.IsOperator() && own is null) return null;
        var cap = own ?? options.MaxJobsInFlight;
        var tenant = user.Tenant();
        var inFlight = await db.Jobs.IgnoreQueryFilters()
            .CountAsync(j => j.Tenant == tenant && (j.State == JobState.Queued || j.State == JobState.Processing), cancellationToken);
        if (inFlight < cap) return null;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Jobs in flight quota",
            detail: $"Tenant '{tenant}' has {inFlight} jobs queued or processing, the most it may have; wait for some to finish.",
            extensions: new Dictionary<string, object?> { ["limit"] = "jobs-in-flight", ["cap"] = cap, ["inFlight"] = inFlight });
    }
}
