using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Queues.Api.Jobs;
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
        output.ShouldContain("Jobs database migrated");
        var after = Schema();
        after.ShouldContain("__EFMigrationsHistory");
        after.ShouldContain("jobs.FailureKind");

        var rows = await old.ReadAsync();
        OldDatabase.Json(rows[0]).ShouldBe(OldDatabase.Json(old.Completed));
        OldDatabase.Json(rows[1]).ShouldBe(OldDatabase.Json(old.Failed));
        rows[2].Id.ShouldBe(old.Queued.Id);
    }

    /// <summary>Tables and the jobs table's columns, as "table" and "jobs.column".</summary>
    string[] Schema()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' UNION ALL SELECT 'jobs.' || name FROM pragma_table_info('jobs') ORDER BY 1";
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
