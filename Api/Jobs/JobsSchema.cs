using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Queues.Api.Jobs;

/// <summary>
/// The schema is made and changed by EF Core migrations, one set per provider (Migrations/Sqlite, Migrations/Postgres).
/// Databases from before migrations were made by EnsureCreated: a jobs table and no migrations history. Those are
/// adopted first, by recording as applied the migrations their schema already has; then every database migrates alike.
/// </summary>
static class JobsSchema
{
    /// <summary>The schema EnsureCreated made up to 18b6bab.</summary>
    const string Baseline = "_Baseline";
    /// <summary>
    /// The column the pre-migrations stopgap added on start (755d786 until migrations). A database that has it is recorded
    /// with this migration too, so the migration stays as generated instead of hand-written idempotent SQL per provider.
    /// </summary>
    const string FailureKind = "_AddFailureKind";
    const string History = HistoryRepository.DefaultTableName;

    public static async Task MigrateAsync(JobsDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        await AdoptEnsureCreatedAsync(db, logger, cancellationToken);
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

    static async Task AdoptEnsureCreatedAsync(JobsDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        // The catalog is asked directly: Npgsql's IHistoryRepository.ExistsAsync answers true before the table exists.
        // An empty history next to a jobs table is what a failed first migration of such a database leaves.
        if (!await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken)
            || !await HasColumnAsync(db, "jobs", "Id", cancellationToken)
            || (await HasColumnAsync(db, History, "MigrationId", cancellationToken)
                && (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any()))
            return;

        var all = db.Database.GetMigrations().ToList();
        List<string> adopted = [all.Single(m => m.EndsWith(Baseline, StringComparison.Ordinal))];
        if (await HasColumnAsync(db, "jobs", "FailureKind", cancellationToken))
            adopted.Add(all.Single(m => m.EndsWith(FailureKind, StringComparison.Ordinal)));

        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        var version = ProductInfo.GetVersion();
        // NOT EXISTS: a replica starting beside this one may be adopting the same database.
        foreach (var id in adopted)
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
                SELECT {id}, {version} WHERE NOT EXISTS (SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = {id})
                """, cancellationToken);
        logger.LogInformation("Jobs database made before migrations: recorded {Migrations} as applied", string.Join(", ", adopted));
    }

    static async Task<bool> HasColumnAsync(JobsDbContext db, string table, string column, CancellationToken cancellationToken) =>
        await (db.Database.IsSqlite()
            ? db.Database.SqlQuery<int>($"SELECT CAST(COUNT(*) AS integer) AS \"Value\" FROM pragma_table_info({table}) WHERE name = {column}")
            : db.Database.SqlQuery<int>($"""
                SELECT CAST(COUNT(*) AS integer) AS "Value" FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = {table} AND column_name = {column}
                """))
        .SingleAsync(cancellationToken) > 0;
}
