using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;
using Queues.Api.Jobs.Migrations;
using Queues.Tests.Support;

namespace Queues.Tests.Api.Schema;

public sealed class PostgresSchemaTests(PrivatePostgres postgres) : IClassFixture<PrivatePostgres>
{
    [Fact]
    public Task A_database_from_before_migrations_upgrades_with_every_job_intact() =>
        SchemaUpgrade.OldDatabaseUpgradesIntactAsync(DatabaseProvider.Postgres, postgres.NewDatabase(), stopgapColumn: false);

    [Fact]
    public Task A_database_the_FailureKind_stopgap_changed_upgrades_with_every_job_intact() =>
        SchemaUpgrade.OldDatabaseUpgradesIntactAsync(DatabaseProvider.Postgres, postgres.NewDatabase(), stopgapColumn: true);

    [Fact]
    public Task Initial_makes_the_schema_the_migrations_it_replaced_made() =>
        SquashedSchema.InitialMatchesTheOldChainAsync(DatabaseProvider.Postgres, postgres.NewDatabase(), postgres.NewDatabase());

    [Fact]
    public Task A_database_made_by_todays_main_is_adopted_with_every_row_intact_and_its_queued_job_completes() =>
        SchemaUpgrade.MigratedDatabaseUpgradesIntactAsync(DatabaseProvider.Postgres, postgres.NewDatabase(), BeforeInitial.Steps(DatabaseProvider.Postgres).Count);

    [Fact]
    public Task Two_replicas_starting_at_once_on_a_database_made_by_todays_main_both_start() =>
        SchemaUpgrade.ReplicasStartingAtOnceAdoptOnceAsync(DatabaseProvider.Postgres, postgres.NewDatabase());

    [Fact]
    public Task A_database_made_by_an_older_migration_is_brought_up_to_date_with_every_row_intact() =>
        SchemaUpgrade.MigratedDatabaseUpgradesIntactAsync(DatabaseProvider.Postgres, postgres.NewDatabase(), steps: 6);

    [Fact]
    public async Task A_new_database_gets_its_schema_from_migrations_and_runs_a_job_end_to_end()
    {
        using var folder = new TempFolder();
        await using var app = new UpgradedApp(DatabaseProvider.Postgres, postgres.NewDatabase(), Path.Combine(folder.Path, "objects"));
        var client = app.CreateClient();

        var job = await client.UploadAsync(TestImages.Jpeg(120, 80), "resize:60x40");
        var done = await client.WaitForEndAsync(job.Id);
        done.State.ShouldBe(JobState.Completed, done.FailureReason);
        done.Result!.Width.ShouldBe(60);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        db.Database.IsNpgsql().ShouldBeTrue();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(db.Database.GetMigrations());
    }
}
