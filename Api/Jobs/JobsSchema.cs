using Microsoft.EntityFrameworkCore;

namespace Queues.Api.Jobs;

/// <summary>
/// The schema is made by EnsureCreated, which never changes an existing table. Columns added since the first
/// release are added here when missing, so an upgrade keeps every job; each is nullable, so old rows stay valid.
/// A stopgap until the schema moves to EF Core migrations.
/// </summary>
static class JobsSchema
{
    static readonly (string Column, string Sqlite, string Postgres)[] Added =
    [
        ("FailureKind", "ALTER TABLE jobs ADD COLUMN \"FailureKind\" TEXT NULL",
            "ALTER TABLE jobs ADD COLUMN IF NOT EXISTS \"FailureKind\" character varying(32) NULL"),
    ];

    public static async Task EnsureAsync(JobsDbContext db)
    {
        await db.Database.EnsureCreatedAsync();
        foreach (var (column, sqlite, postgres) in Added)
        {
            if (db.Database.IsSqlite())
            {
                var present = await db.Database.SqlQueryRaw<int>(
                    "SELECT COUNT(*) AS \"Value\" FROM pragma_table_info('jobs') WHERE name = {0}", column).SingleAsync();
                if (present == 0) await db.Database.ExecuteSqlRawAsync(sqlite);
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync(postgres);
            }
        }
    }
}
