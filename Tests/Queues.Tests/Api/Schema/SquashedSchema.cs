using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Queues.Api.Jobs;
using Queues.Api.Jobs.Migrations;

namespace Queues.Tests.Api.Schema;

/// <summary>
/// Initial must make the schema the migrations it replaced made (BeforeInitial.sql): the same tables, columns with their
/// types, nullability and defaults, indexes, constraints and seeded rows. Compared as sorted lines from the catalog, so
/// the order the old chain added columns in (which only PostgreSQL shows, and nothing reads) does not count.
/// </summary>
public static class SquashedSchema
{
    public static async Task InitialMatchesTheOldChainAsync(DatabaseProvider provider, string oldDatabase, string newDatabase)
    {
        await using (var old = OldJobsDbContext.Open(provider, oldDatabase))
        {
            await old.GetService<IRelationalDatabaseCreator>().CreateAsync();
            await old.Database.ExecuteSqlRawAsync(BeforeInitial.Script(provider));
        }
        // Initial alone: what it replaced is the chain; later migrations add to it.
        await using (var initial = NewContext(provider, newDatabase))
            await initial.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(initial.Database.GetMigrations().First());

        var expected = await DumpAsync(provider, oldDatabase);
        expected.ShouldContain(line => line.Contains("StartIds"), "the old chain's last column");
        (await DumpAsync(provider, newDatabase)).ShouldBe(expected);
    }

    static JobsDbContext NewContext(DatabaseProvider provider, string connectionString) => provider == DatabaseProvider.Postgres
        ? new PostgresJobsDbContext(new DbContextOptionsBuilder<PostgresJobsDbContext>().UseNpgsql(connectionString).Options)
        : new SqliteJobsDbContext(new DbContextOptionsBuilder<SqliteJobsDbContext>().UseSqlite(connectionString).Options);

    static async Task<string[]> DumpAsync(DatabaseProvider provider, string connectionString)
    {
        await using var db = OldJobsDbContext.Open(provider, connectionString);
        var lines = await db.Database.SqlQueryRaw<string>(provider == DatabaseProvider.Postgres ? Postgres : Sqlite).ToListAsync();
        return [.. lines.Order(StringComparer.Ordinal)];
    }

    // The migrations' history and lock tables are EF Core's, not the schema's.
    const string Sqlite = """
        SELECT 'column ' || m.name || '.' || c.name || ' ' || c.type || ' notnull=' || c."notnull" || ' default=' || coalesce(c.dflt_value, '-') || ' pk=' || c.pk AS "Value"
        FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE '__EFMigrations%'
        UNION ALL
        SELECT 'index ' || m.name || '.' || i.name || ' unique=' || i."unique" || ' origin=' || i.origin || ' ' || (SELECT group_concat(k.name, ',') FROM pragma_index_info(i.name) k)
        FROM sqlite_master m, pragma_index_list(m.name) i WHERE m.type = 'table' AND m.name NOT LIKE '__EFMigrations%'
        UNION ALL
        SELECT 'foreign key ' || m.name || '.' || f."from" || ' -> ' || f."table" || '.' || f."to"
        FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'
        UNION ALL
        SELECT 'row processing_pause ' || quote("Id") || ',' || quote("Paused") || ',' || quote("Since") || ',' || quote("By") FROM processing_pause
        """;

    const string Postgres = """
        SELECT 'column ' || table_name || '.' || column_name || ' ' || udt_name || coalesce('(' || character_maximum_length || ')', '')
            || ' null=' || is_nullable || ' default=' || coalesce(column_default, '-') AS "Value"
        FROM information_schema.columns WHERE table_schema = current_schema() AND table_name NOT LIKE '__EFMigrations%'
        UNION ALL
        SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename NOT LIKE '__EFMigrations%'
        UNION ALL
        SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conrelid::regclass::text NOT LIKE '%__EFMigrations%'
        UNION ALL
        SELECT 'row processing_pause ' || row_to_json(p)::text FROM processing_pause p
        """;
}
