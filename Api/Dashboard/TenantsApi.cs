using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Access;
using Queues.Api.Jobs;

namespace Queues.Api.Dashboard;

/// <summary>One tenant's share of the pipeline: jobs waiting, being processed, and completed in the last minute.</summary>
/// <param name="ShareOfLastMinute">Its part of every tenant's completions in the last minute, 0 to 1.</param>
/// <param name="Weight">Its weight in the outbox's turns, and <paramref name="MaxProcessing"/> its cap, as in effect now.</param>
public sealed record TenantView(string Tenant, long Waiting, long Processing, long CompletedLastMinute, double ShareOfLastMinute,
    int Weight = 1, int? MaxProcessing = null);

/// <summary>PUT /tenants/{tenant}/settings: null follows configuration; both null clears what was set at run time.</summary>
public sealed record TenantSettingsRequest(int? Weight, int? MaxProcessing);

/// <summary>
/// Reads every tenant's activity from the jobs table: the waiting and processing counts from the (Tenant, State) index,
/// the last minute's completions from the (State, FinishedAt) index. Tenants with nothing waiting, running or just
/// completed are left out.
/// </summary>
public sealed class TenantActivity(IServiceScopeFactory scopes, TenantSettingsStore settings, TimeProvider clock)
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
        var options = await settings.CurrentAsync(db, cancellationToken);
        return open.Keys.Select(k => k.Tenant).Concat(completed.Keys).Distinct()
            .Select(tenant =>
            {
                var done = completed.GetValueOrDefault(tenant);
                return new TenantView(tenant, open.GetValueOrDefault((tenant, JobState.Queued)), open.GetValueOrDefault((tenant, JobState.Processing)),
                    done, total == 0 ? 0 : Math.Round((double)done / total, 3), options.WeightOf(tenant), options.MaxProcessingOf(tenant));
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
            .WithSummary("Every tenant's jobs waiting and processing, its share of the last minute's completions, its weight and cap");
        app.MapGet("/tenants/settings", Settings).WithTags("Dashboard").OperatorOnly()
            .WithSummary("Every tenant with settings of its own (configuration's Tenants:Overrides, or set here): weight, processing cap");
        app.MapPut("/tenants/{tenant}/settings", Set).WithTags("Dashboard").OperatorOnly()
            .WithSummary("Set a tenant's weight and processing cap for fair dispatch; every Api replica follows within 2 s")
            .WithDescription("JSON {\"weight\": 1-1000 or null, \"maxProcessing\": 1 or more, or null}: null follows configuration "
                + "(Tenants:Overrides, then Tenants:DefaultWeight); both null clears what was set here. Kept in the jobs database.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    static async Task<Ok<IReadOnlyList<TenantSettingsView>>> Settings(JobsDbContext db, TenantSettingsStore settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.ListAsync(db, cancellationToken));

    static async Task<Results<Ok<TenantSettingsView>, ProblemHttpResult>> Set(string tenant, TenantSettingsRequest? request, JobsDbContext db,
        TenantSettingsStore settings, CancellationToken cancellationToken)
    {
        var reason = request is null ? "Send JSON: {\"weight\": 3, \"maxProcessing\": null}."
            : tenant.Length > 64 ? "A tenant name has at most 64 characters."
            : request.Weight is < 1 or > 1000 ? "weight is 1 to 1000, or null to follow configuration."
            : request.MaxProcessing is < 1 ? "maxProcessing is 1 or more, or null for no cap beyond configuration's."
            : null;
        if (reason is not null) return TypedResults.Problem(statusCode: 400, title: "Invalid tenant settings", detail: reason);
        return TypedResults.Ok(await settings.SetAsync(db, tenant, request!.Weight, request.MaxProcessing, cancellationToken));
    }

    static async Task<Ok<IReadOnlyList<TenantView>>> List(TenantActivity activity, CancellationToken cancellationToken) =>
        TypedResults.Ok(await activity.ReadAsync(cancellationToken));
}
