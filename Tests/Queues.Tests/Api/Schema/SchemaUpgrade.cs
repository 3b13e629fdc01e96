using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;
using Queues.Api.Jobs.Migrations;
using Queues.Contracts;
using Queues.Tests.Support;

namespace Queues.Tests.Api.Schema;

/// <summary>What every upgrade must show, on either provider: all rows intact, the schema current, the queued job done.</summary>
public static class SchemaUpgrade
{
    public static Task OldDatabaseUpgradesIntactAsync(DatabaseProvider provider, string connectionString, bool stopgapColumn) =>
        UpgradesIntactAsync(provider, connectionString, old => old.CreateAsync(stopgapColumn));

    /// <summary>A database made by the first <paramref name="steps"/> migrations that Initial replaced (all: today's main).</summary>
    public static Task MigratedDatabaseUpgradesIntactAsync(DatabaseProvider provider, string connectionString, int steps) =>
        UpgradesIntactAsync(provider, connectionString, old => old.CreateByOldMigrationsAsync(steps));

    /// <summary>
    /// Two replicas started at once on a database made by today's main both start, and its history is adopted once: the
    /// adoption holds the write lock (SQLite) or an advisory lock (PostgreSQL), so the later one finds Initial recorded.
    /// </summary>
    public static async Task ReplicasStartingAtOnceAdoptOnceAsync(DatabaseProvider provider, string connectionString)
    {
        using var folder = new TempFolder();
        var objects = Path.Combine(folder.Path, "objects");
        var old = new OldDatabase(provider, connectionString, objects);
        await old.CreateByOldMigrationsAsync(BeforeInitial.Steps(provider).Count);

        await using var first = new UpgradedApp(provider, connectionString, objects);
        await using var second = new UpgradedApp(provider, connectionString, objects);
        await Task.WhenAll(Task.Run(first.CreateClient), Task.Run(second.CreateClient));

        await using var scope = second.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(db.Database.GetMigrations());
        (await old.ReadAsync()).Select(j => j.Id).ShouldBe([old.Completed.Id, old.Failed.Id, old.Queued.Id]);
    }

    static async Task UpgradesIntactAsync(DatabaseProvider provider, string connectionString, Func<OldDatabase, Task> create)
    {
        using var folder = new TempFolder();
        var objects = Path.Combine(folder.Path, "objects");
        var old = new OldDatabase(provider, connectionString, objects);
        await create(old);

        await using var app = new UpgradedApp(provider, connectionString, objects);
        var client = app.CreateClient();

        // 60 s: once, on a machine busy with two other builds, the first job after the upgrade took longer than 30 s.
        var queued = await client.WaitForEndAsync(old.Queued.Id, seconds: 60);
        queued.State.ShouldBe(JobState.Completed, queued.FailureReason);
        queued.Result.ShouldNotBeNull();
        (await client.GetJobAsync(old.Completed.Id)).State.ShouldBe(JobState.Completed);
        (await client.GetJobAsync(old.Failed.Id)).FailureReason.ShouldBe(old.Failed.FailureReason);

        var rows = await old.ReadAsync();
        rows.Select(j => j.Id).ShouldBe([old.Completed.Id, old.Failed.Id, old.Queued.Id]);
        OldDatabase.Json(rows[0]).ShouldBe(OldDatabase.Json(old.Completed));
        OldDatabase.Json(rows[1]).ShouldBe(OldDatabase.Json(old.Failed));
        rows[2].OriginalKey.ShouldBe(old.Queued.OriginalKey);
        rows[2].QueuedAt.ShouldBe(old.Queued.QueuedAt);
        rows[2].TraceParent.ShouldBe(old.Queued.TraceParent);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(db.Database.GetMigrations());
        db.Database.GetMigrations().First().ShouldEndWith("_Initial");
        db.Database.HasPendingModelChanges().ShouldBeFalse();
        (await db.Jobs.SingleAsync(j => j.Id == old.Failed.Id)).FailureKind.ShouldBe(old.FailedKind);
        var keys = await db.ApiKeys.AsNoTracking().ToListAsync();
        keys.Select(k => JsonSerializer.Serialize(k)).ShouldBe(old.KeyStored ? [JsonSerializer.Serialize(old.Key)] : []);
        // Jobs that ended before the upgrade were announced then: the outbox must not announce them again.
        var ended = await db.Jobs.AsNoTracking().Where(j => j.Id == old.Completed.Id || j.Id == old.Failed.Id).ToListAsync();
        ended.ShouldAllBe(j => j.NotifiedAt == j.FinishedAt, string.Join(", ", ended.Select(j => $"{j.State} notified {j.NotifiedAt}")));
        app.Harness.Published.Select<JobCompleted>().ShouldNotContain(m => m.Context.Message.JobId == old.Completed.Id);
    }
}
