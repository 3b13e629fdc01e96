using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;
using Queues.Api.Jobs.Migrations;

namespace Queues.Tests.Api.Schema;

public sealed class MigrationsTests
{
    static JobsDbContext Context(DatabaseProvider provider) => provider == DatabaseProvider.Postgres
        ? new PostgresJobsDbContext(new DbContextOptionsBuilder<PostgresJobsDbContext>().UseNpgsql("Host=127.0.0.1").Options)
        : new SqliteJobsDbContext(new DbContextOptionsBuilder<SqliteJobsDbContext>().UseSqlite("Data Source=:memory:").Options);

    /// <summary>A model change needs a migration for BOTH providers (docs/operations.md: "Upgrading: schema migrations").</summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public void Every_model_change_has_a_migration_for_each_provider(DatabaseProvider provider)
    {
        using var db = Context(provider);
        db.Database.HasPendingModelChanges().ShouldBeFalse(
            $"the model changed without a migration: dotnet ef migrations add NAME --project Api --context {db.GetType().Name} --output-dir Jobs/Migrations/{provider}");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public void The_first_two_migrations_are_the_baseline_and_FailureKind(DatabaseProvider provider)
    {
        using var db = Context(provider);
        db.Database.GetMigrations().Take(2).Select(m => m[15..]).ShouldBe(["Baseline", "AddFailureKind"]);
    }
}
