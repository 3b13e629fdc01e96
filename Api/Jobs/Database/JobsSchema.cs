using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs.Migrations;

namespace Queues.Api.Jobs;

/// <summary>
/// The schema is made and changed by EF Core migrations, one set per provider (Migrations/Sqlite, Migrations/Postgres).
/// Databases made before those began with Initial are adopted first (<see cref="HistoryAdoption"/>); then every
/// database migrates alike.
/// </summary>
static class JobsSchema
{
    /// <summary>
    /// Several replicas may start at once. On PostgreSQL one session-level advisory lock holds the adoption and every
    /// migration (EF Core's own lock there is held per migration's transaction: two replicas both applied the
    /// migrations after <c>Initial</c>, and the second failed on a table the first had made); on SQLite the write lock
    /// and EF Core's lock table serialise them.
    /// </summary>
    public static async Task MigrateAsync(JobsDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var postgres = !db.Database.IsSqlite() && await db.Database.CanConnectAsync(cancellationToken);
        if (postgres)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({HistoryAdoption.LockKey})", cancellationToken);
        }
        try
        {
            await HistoryAdoption.AdoptAsync(db, logger, cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            if (pending.Count > 0)
                logger.LogInformation("Jobs database migrated: applied {Migrations}", string.Join(", ", pending));
        }
        finally
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({HistoryAdoption.LockKey})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>Logs what is pending when the app may not migrate; true when the schema is current.</summary>
    public static async Task<bool> ReportPendingAsync(JobsDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Database:MigrateOnStart is false; the jobs schema is current");
            return true;
        }
        logger.LogWarning("Database:MigrateOnStart is false and {Count} migrations are pending ({Migrations}): the jobs " +
            "schema is left as it is; apply them with `dotnet Queues.Api.dll migrate` before this version serves requests",
            pending.Count, string.Join(", ", pending));
        return false;
    }
}
