using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;
using Queues.Api.Jobs.Migrations;
using Queues.Tests.Support;

namespace Queues.Tests.Api.Schema;

public sealed class SqliteSchemaUpgradeTests : IDisposable
{
    readonly TempFolder folder = new();
    string ConnectionString => $"Data Source={Path.Combine(folder.Path, "jobs.db")};Pooling=False";

    [Fact]
    public Task A_database_from_before_migrations_upgrades_with_every_job_intact() =>
        SchemaUpgrade.OldDatabaseUpgradesIntactAsync(DatabaseProvider.Sqlite, ConnectionString, stopgapColumn: false);

    [Fact]
    public Task A_database_the_FailureKind_stopgap_changed_upgrades_with_every_job_intact() =>
        SchemaUpgrade.OldDatabaseUpgradesIntactAsync(DatabaseProvider.Sqlite, ConnectionString, stopgapColumn: true);

    [Fact]
    public Task Initial_makes_the_schema_the_migrations_it_replaced_made() =>
        SquashedSchema.InitialMatchesTheOldChainAsync(DatabaseProvider.Sqlite, ConnectionString,
            $"Data Source={Path.Combine(folder.Path, "initial.db")};Pooling=False");

    [Fact]
    public Task A_database_made_by_todays_main_is_adopted_with_every_row_intact_and_its_queued_job_completes() =>
        SchemaUpgrade.MigratedDatabaseUpgradesIntactAsync(DatabaseProvider.Sqlite, ConnectionString, BeforeInitial.Steps(DatabaseProvider.Sqlite).Count);

    [Fact]
    public Task Two_replicas_starting_at_once_on_a_database_made_by_todays_main_both_start() =>
        SchemaUpgrade.ReplicasStartingAtOnceAdoptOnceAsync(DatabaseProvider.Sqlite, ConnectionString);

    [Fact]
    public Task A_database_made_by_an_older_migration_is_brought_up_to_date_with_every_row_intact() =>
        SchemaUpgrade.MigratedDatabaseUpgradesIntactAsync(DatabaseProvider.Sqlite, ConnectionString, steps: 6);

    [Fact]
    public async Task A_database_whose_history_this_version_does_not_know_stops_the_start_and_is_left_as_it_was()
    {
        var objects = Path.Combine(folder.Path, "objects");
        var old = new OldDatabase(DatabaseProvider.Sqlite, ConnectionString, objects);
        await old.CreateByOldMigrationsAsync(BeforeInitial.Steps(DatabaseProvider.Sqlite).Count);
        await using (var db = old.Open()) // a migration of a branch that never reached main
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" VALUES ('20261207000000_FromABranch', '10.0.15')");
        var before = Schema();
        var history = History();

        await using (var app = new UpgradedApp(DatabaseProvider.Sqlite, ConnectionString, objects))
            Should.Throw<Exception>(() => app.CreateClient()).ToString().ShouldContain("FromABranch) is neither this version's");

        Schema().ShouldBe(before);
        History().ShouldBe(history);
        var rows = await old.ReadAsync();
        rows.Select(OldDatabase.Json).ShouldBe(new[] { old.Completed, old.Failed, old.Queued }.Select(OldDatabase.Json));
    }

    [Fact]
    public async Task With_MigrateOnStart_false_the_app_leaves_the_schema_and_the_migrate_command_upgrades_it()
    {
        var objects = Path.Combine(folder.Path, "objects");
        var old = new OldDatabase(DatabaseProvider.Sqlite, ConnectionString, objects);
        await old.CreateAsync();
        var before = Schema();

        await using (var app = new UpgradedApp(DatabaseProvider.Sqlite, ConnectionString, objects, migrateOnStart: false))
        {
            using var client = app.CreateClient();
            (await client.GetAsync("/health/live")).EnsureSuccessStatusCode();
            Schema().ShouldBe(before);
        }

        var (exitCode, output) = await RunMigrateCommandAsync();
        exitCode.ShouldBe(0, output);
        output.ShouldContain("its history is now");
        var after = Schema();
        after.ShouldContain("__EFMigrationsHistory");
        after.ShouldContain("jobs.FailureKind");

        var rows = await old.ReadAsync();
        OldDatabase.Json(rows[0]).ShouldBe(OldDatabase.Json(old.Completed));
        OldDatabase.Json(rows[1]).ShouldBe(OldDatabase.Json(old.Failed));
        rows[2].Id.ShouldBe(old.Queued.Id);
    }

    /// <summary>Tables and the jobs table's columns, as "table" and "jobs.column".</summary>
    string[] Schema() => Query("SELECT name FROM sqlite_master WHERE type = 'table' UNION ALL SELECT 'jobs.' || name FROM pragma_table_info('jobs') ORDER BY 1");

    string[] History() => Query("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1");

    string[] Query(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return [.. names];
    }

    /// <summary>The deployed form: the built Api run by the runtime alone, as in the container.</summary>
    async Task<(int ExitCode, string Output)> RunMigrateCommandAsync()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        var dll = Path.Combine(Repo.Root, "Api", "bin", configuration, "net10.0", "Queues.Api.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "migrate"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true,
            Environment =
            {
                ["Database__Provider"] = "Sqlite", ["Database__ConnectionString"] = ConnectionString,
                ["Storage__LocalPath"] = Path.Combine(folder.Path, "objects"),
            },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose() => folder.Dispose();
}
