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
    public static async Task MigrateAsync(JobsDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        await HistoryAdoption.AdoptAsync(db, logger, cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        // Several replicas may start at once: EF Core takes a database lock around this.
        await db.Database.MigrateAsync(cancellationToken);
        if (pending.Count > 0)
            logger.LogInformation("Jobs database migrated: applied {Migrations}", string.Join(", ", pending));
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
