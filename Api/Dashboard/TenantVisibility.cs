using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;

namespace Queues.Api.Dashboard;

/// <summary>
/// Which job changes a submitter's event stream may carry: only its tenant's. The feed's changes name a job, not
/// its tenant, so each job is looked up once (in a scope of its own: the stream outlives any one query) and remembered.
/// </summary>
public sealed class TenantVisibility(IServiceScopeFactory scopes, string tenant)
{
    const int Remembered = 10_000;
    readonly Dictionary<Guid, bool> known = [];

    public async ValueTask<bool> SeesAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if (known.TryGetValue(jobId, out var seen)) return seen;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        seen = await db.Jobs.AnyAsync(j => j.Id == jobId && j.Tenant == tenant, cancellationToken);
        if (known.Count >= Remembered) known.Clear();
        known[jobId] = seen;
        return seen;
    }
}
