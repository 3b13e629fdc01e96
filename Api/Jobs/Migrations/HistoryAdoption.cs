using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Queues.Api.Jobs.Migrations;

/// <summary>
/// Databases made before the migrations were squashed into <c>Initial</c> are adopted by their history: the old steps
/// they lack (<see cref="BeforeInitial"/>) run, and their history becomes <c>Initial</c>, in one transaction, so
/// <c>Migrate</c> then finds nothing to do. Databases made by EnsureCreated (a jobs table, no history) count as the old
/// Baseline, plus AddFailureKind where the pre-migrations stopgap had added that column. Nothing is ever dropped: a history
/// this version does not know stops the start with an error instead.
/// </summary>
static class HistoryAdoption
{
    const string History = HistoryRepository.DefaultTableName;
    /// <summary>pg_advisory_xact_lock's key: replicas starting at once adopt one after another.</summary>
    public const long LockKey = 0x5175657565734D; // "QueuesM"

    public static async Task AdoptAsync(JobsDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        if (!await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken)) return;
        var provider = db.Database.IsSqlite() ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var initial = db.Database.GetMigrations().First();

        if (await AppliedAsync(db, cancellationToken) is not { } seen || seen.Contains(initial)) return; // new, or adopted

        // SQLite's transaction is BEGIN IMMEDIATE: it holds the write lock from here, as the advisory lock does.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (provider == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        // Read again under the lock: a replica starting beside this one may have adopted it meanwhile.
        if (await AppliedAsync(db, cancellationToken) is not { } applied || applied.Contains(initial)) return;
        var steps = BeforeInitial.Steps(provider);
        if (applied.Count == 0) // made by EnsureCreated, or a failed first migration of such a database
            applied = [.. steps.Take(await HasColumnAsync(db, "jobs", "FailureKind", cancellationToken) ? 2 : 1).Select(s => s.MigrationId)];
        if (!applied.SequenceEqual(steps.Take(applied.Count).Select(s => s.MigrationId)))
            throw new InvalidOperationException(
                $"The jobs database's migrations history ({string.Join(", ", applied)}) is neither this version's ({initial}) " +
                $"nor a start of the one it replaced ({string.Join(", ", steps.Select(s => s.MigrationId))}). It was made by a " +
                "newer or a modified version: start that version on it, or restore a backup made by this one. Nothing was changed.");

        var missing = steps.Skip(applied.Count).ToList();
        foreach (var step in missing)
            await db.Database.ExecuteSqlRawAsync(step.Sql, cancellationToken);
        await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
        // Every row is one of the old steps (checked above, under the lock).
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" <> {initial}""", cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ({initial}, {ProductInfo.GetVersion()})
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Jobs database made before Initial: its history is now {Initial}, after the older migrations it " +
            "lacked: {Migrations}", initial, missing.Count == 0 ? "none" : string.Join(", ", missing.Select(s => s.MigrationId)));
    }

    /// <summary>The history's migrations, oldest first; null where there is no jobs table (a new database).</summary>
    static async Task<List<string>?> AppliedAsync(JobsDbContext db, CancellationToken cancellationToken) =>
        !await HasColumnAsync(db, "jobs", "Id", cancellationToken) ? null
        : !await HasColumnAsync(db, History, "MigrationId", cancellationToken) ? []
        : await db.Database.SqlQueryRaw<string>($"""SELECT "MigrationId" AS "Value" FROM "{History}" ORDER BY 1""").ToListAsync(cancellationToken);

    static async Task<bool> HasColumnAsync(JobsDbContext db, string table, string column, CancellationToken cancellationToken) =>
        await (db.Database.IsSqlite()
            ? db.Database.SqlQuery<int>($"SELECT CAST(COUNT(*) AS integer) AS \"Value\" FROM pragma_table_info({table}) WHERE name = {column}")
            : db.Database.SqlQuery<int>($"""
                SELECT CAST(COUNT(*) AS integer) AS "Value" FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = {table} AND column_name = {column}
                """))
        .SingleAsync(cancellationToken) > 0;
}
