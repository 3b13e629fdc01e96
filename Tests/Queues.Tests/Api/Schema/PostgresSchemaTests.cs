using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;
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
