using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Access;
using Queues.Api.Jobs;

namespace Queues.Api.Dashboard;

/// <summary>One tenant's share of the pipeline: jobs waiting, being processed, and completed in the last minute.</summary>
/// <param name="ShareOfLastMinute">Its part of every tenant's completions in the last minute, 0 to 1.</param>
public sealed record TenantView(string Tenant, long Waiting, long Processing, long CompletedLastMinute, double ShareOfLastMinute);

/// <summary>
/// Reads every tenant's activity from the jobs table: the waiting and processing counts from the (Tenant, State) index,
/// the last minute's completions from the (State, FinishedAt) index. Tenants with nothing waiting, running or just
/// completed are left out.
/// </summary>
public sealed class TenantActivity(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Busiest first: by jobs waiting and processing, then by completions.</summary>
    public async Task<IReadOnlyList<TenantView>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        var open = await db.Jobs.Where(j => j.State == JobState.Queued || j.State == JobState.Processing)
            .GroupBy(j => new { j.Tenant, j.State }).Select(g => new { g.Key.Tenant, g.Key.State, Count = g.LongCount() })
            .ToDictionaryAsync(o => (o.Tenant, o.State), o => o.Count, cancellationToken);
        var since = (clock.GetUtcNow() - Window).UtcDateTime;
        var completed = await db.Jobs.Where(j => j.State == JobState.Completed && j.FinishedAt >= since)
            .GroupBy(j => j.Tenant).Select(g => new { Tenant = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(c => c.Tenant, c => c.Count, cancellationToken);
        var total = completed.Values.Sum();
        return open.Keys.Select(k => k.Tenant).Concat(completed.Keys).Distinct()
            .Select(tenant =>
            {
                var done = completed.GetValueOrDefault(tenant);
                return new TenantView(tenant, open.GetValueOrDefault((tenant, JobState.Queued)), open.GetValueOrDefault((tenant, JobState.Processing)),
                    done, total == 0 ? 0 : Math.Round((double)done / total, 3));
            })
            .OrderByDescending(t => t.Waiting + t.Processing).ThenByDescending(t => t.CompletedLastMinute).ThenBy(t => t.Tenant, StringComparer.Ordinal)
            .ToList();
    }
}

public static class TenantsApi
{
    public static IEndpointRouteBuilder MapTenants(this IEndpointRouteBuilder app)
    {
        app.MapGet("/tenants", List).WithTags("Dashboard").OperatorOnly()
            .WithSummary("Every tenant's jobs waiting and processing, and its share of the last minute's completions");
        return app;
    }

    static async Task<Ok<IReadOnlyList<TenantView>>> List(TenantActivity activity, CancellationToken cancellationToken) =>
        TypedResults.Ok(await activity.ReadAsync(cancellationToken));
}
