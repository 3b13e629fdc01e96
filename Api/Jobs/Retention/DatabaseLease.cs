using Microsoft.EntityFrameworkCore;

namespace Queues.Api.Jobs;

/// <summary>A duty that must run on one Api replica at a time (the retention sweep): who holds it, until when.</summary>
public sealed class DatabaseLease
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public DateTime ExpiresAt { get; set; }
}

public static class DatabaseLeases
{
    /// <summary>
    /// Takes or renews the lease <paramref name="name"/> for <paramref name="holder"/> until <paramref name="now"/> +
    /// <paramref name="duration"/>: true when this holder has it now. One upsert whose update applies only when the
    /// holder already has the lease or it expired, so two replicas asking at once cannot both get it (PostgreSQL
    /// re-checks the condition on the row the other one just wrote; SQLite has one writer at a time). The same
    /// statement runs on both providers (SQLite 3.24+).
    /// </summary>
    public static async Task<bool> TryAcquireLeaseAsync(this JobsDbContext db, string name, string holder, DateTime now, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        var until = now + duration;
        var changed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO leases ("Name", "Holder", "ExpiresAt") VALUES ({name}, {holder}, {until})
            ON CONFLICT ("Name") DO UPDATE SET "Holder" = excluded."Holder", "ExpiresAt" = excluded."ExpiresAt"
            WHERE leases."Holder" = excluded."Holder" OR leases."ExpiresAt" < {now}
            """, cancellationToken);
        return changed > 0;
    }

    /// <summary>Gives the lease up (a replica stopping), so another takes over at its next look instead of after the lease runs out.</summary>
    public static Task ReleaseLeaseAsync(this JobsDbContext db, string name, string holder, DateTime now, CancellationToken cancellationToken) =>
        db.Set<DatabaseLease>().Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, now), cancellationToken);
}
