using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Queues.Api.Jobs.Migrations;

// One context type per provider, so each finds only its own migrations (Sqlite/ and Postgres/ beside this file):
// the two providers' column types differ, and one migration set cannot serve both. The model itself is shared.

public sealed class SqliteJobsDbContext(DbContextOptions<SqliteJobsDbContext> options) : JobsDbContext(options);

public sealed class PostgresJobsDbContext(DbContextOptions<PostgresJobsDbContext> options) : JobsDbContext(options);

// For `dotnet ef migrations add`: builds the context without starting the app (bus, object store). The connection
// strings are placeholders; `migrations add` never connects. `database update` takes --connection.

sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteJobsDbContext>
{
    public SqliteJobsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteJobsDbContext>().UseSqlite("Data Source=data/queues.db").Options);
}

sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresJobsDbContext>
{
    public PostgresJobsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresJobsDbContext>().UseNpgsql("Host=127.0.0.1;Port=5433;Username=postgres;Database=queues").Options);
}
