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

    /// <summary>
    /// Until a release, one Initial per provider (STYLE.md, rule 19); older databases are adopted by their history. Timeline
    /// (job_events) is a branch's own, folded into Initial when the branches merge.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public void Each_provider_has_one_Initial_migration_after_the_chain_it_replaced(DatabaseProvider provider)
    {
        using var db = Context(provider);
        db.Database.GetMigrations().Select(m => m[15..]).ShouldBe(["Initial", "Timeline"]);
        var replaced = BeforeInitial.Steps(provider).Select(s => s.MigrationId[15..]).ToList();
        replaced.ShouldBe(["Baseline", "AddFailureKind", "AddNotifiedAt", "AddDeferral", "AddRenditions", "AccessControl", "AddJobControl",
            "IndexesForLargeTables", "DeadLetterStatsIndex", "AddRetentionLease", "AddProcessingPause", "AddWebhookDeliveries", "AddStartIds"]);
        BeforeInitial.Steps(provider).ShouldAllBe(s => string.CompareOrdinal(s.MigrationId, db.Database.GetMigrations().First()) < 0);
    }
}
