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
        // Jobs that ended before this column existed were announced then: mark them so, or all would be announced again.
        ("NotifiedAt", "ALTER TABLE jobs ADD COLUMN \"NotifiedAt\" TEXT NULL; UPDATE jobs SET \"NotifiedAt\" = \"FinishedAt\" WHERE \"State\" IN ('Completed', 'Failed')",
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'jobs' AND column_name = 'NotifiedAt') THEN "
            + "ALTER TABLE jobs ADD COLUMN \"NotifiedAt\" timestamp with time zone NULL; "
            + "UPDATE jobs SET \"NotifiedAt\" = \"FinishedAt\" WHERE \"State\" IN ('Completed', 'Failed'); END IF; END $$"),
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
