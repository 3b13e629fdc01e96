using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Jobs;
using Queues.Api.Jobs.Migrations;
using Queues.Contracts;
using Queues.ServiceDefaults.Storage;
using Queues.Tests.Api.Schema;
using Queues.Tests.Support;

namespace Queues.Tests.Outbox;

/// <summary>
/// The outbox's choice made by the database (SQLite and PostgreSQL): each tenant's room from its rows in the broker and
/// processing, its first rows by priority; and two dispatchers on one database sending each job once.
/// </summary>
public sealed class FairDispatchDatabaseTests(PrivatePostgres postgres) : IClassFixture<PrivatePostgres>
{
    [Fact]
    public async Task On_SQLite_the_batch_is_chosen_by_priority_then_turns_within_each_tenants_room()
    {
        await using var app = new StandaloneApp();
        await ChoosesByPriorityThenTurnsAsync(app);
    }

    [Fact]
    public async Task On_PostgreSQL_the_batch_is_chosen_by_priority_then_turns_within_each_tenants_room()
    {
        using var folder = new TempFolder();
        await using var app = new UpgradedApp(DatabaseProvider.Postgres, postgres.NewDatabase(), Path.Combine(folder.Path, "objects"));
        await ChoosesByPriorityThenTurnsAsync(app);
    }

    static async Task ChoosesByPriorityThenTurnsAsync(StandaloneApp app)
    {
        _ = app.Services;
        var t0 = DateTime.UtcNow.AddMinutes(-10);
        t0 = new DateTime(t0.Ticks - t0.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        // A flood from A with 8 in the broker and 1 processing; B's few later, one of them high; C's 3.
        await SeedAsync(app, [
            .. Rows("A", 30, t0),
            .. Rows("A", 8, t0.AddSeconds(-60), published: true),
            .. Rows("A", 1, t0.AddSeconds(-120), state: JobState.Processing),
            .. Rows("B", 5, t0.AddSeconds(100)),
            .. Rows("B", 1, t0.AddSeconds(200), priority: JobPriority.High),
            .. Rows("C", 3, t0.AddSeconds(300)),
        ]);
        var tenants = new TenantsOptions { MaxWaitingInBrokerPerTenant = 10, Overrides = { ["C"] = new() { MaxProcessing = 2 } } };

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        // Every unsent row, due or not: the app's own outbox leaves these alone, as they are not due.
        var unsent = db.Jobs.Where(j => j.State == JobState.Queued && j.PublishedAt == null);
        var turns = new FairTurns();
        var now = DateTime.UtcNow;
        var chosen = await FairDispatch.ChooseAsync(db, unsent, tenants, turns, room: 200, now, TimeSpan.FromSeconds(1), CancellationToken.None);

        var rows = await db.Jobs.AsNoTracking().Where(j => chosen.Contains(j.Id)).ToDictionaryAsync(j => j.Id);
        var tenantsInOrder = string.Concat(chosen.Select(id => rows[id].Tenant));
        rows[chosen[0]].Priority.ShouldBe(JobPriority.High, tenantsInOrder);
        // The broker may hold each tenant's bound, at most what it has there and waiting: A 10, B 6, C 2 (its processing
        // cap), less A's 8 there: 10, in turns.
        chosen.Count.ShouldBe(10, tenantsInOrder);
        tenantsInOrder.Count(t => t == 'C').ShouldBe(2, "C may process 2 at once: " + tenantsInOrder);
        tenantsInOrder.Count(t => t == 'A').ShouldBe(4, "turns: " + tenantsInOrder);
        tenantsInOrder.Count(t => t == 'B').ShouldBe(4, "turns: " + tenantsInOrder);
        turns.Waiting.ShouldBe(new Dictionary<string, int> { ["A"] = 20 - 4, ["B"] = 6 - 4, ["C"] = 3 - 2 }, ignoreOrder: true);

        // Nothing chosen while the jobs in the broker are above half of what it should hold (8 of 10 + 2 + 1); the recheck
        // once a second looks only for tenants not known to have jobs waiting.
        (await FairDispatch.ChooseAsync(db, unsent, tenants, turns, room: 200, now, TimeSpan.FromSeconds(1), CancellationToken.None))
            .ShouldBeEmpty("8 in the broker of 13");
        (await FairDispatch.ChooseAsync(db, unsent, tenants, turns, room: 200, now.AddSeconds(1), TimeSpan.FromSeconds(1), CancellationToken.None))
            .ShouldBeEmpty("the recheck finds no tenant it did not know");
        // 3 of A's 8 started: 5 in the broker, below half: a refill of 10 + 6 + 2 less 5, A's oldest first.
        await db.Jobs.Where(j => j.Tenant == "A" && j.PublishedAt != null && j.State == JobState.Queued).Take(3)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Processing));
        var refill = await FairDispatch.ChooseAsync(db, unsent, tenants, turns, room: 200, now, TimeSpan.FromSeconds(1), CancellationToken.None);
        refill.Count.ShouldBe(13);
        var refilled = await db.Jobs.AsNoTracking().Where(j => refill.Contains(j.Id) && j.Tenant == "A").Select(j => j.QueuedAt).ToListAsync();
        refilled.Order().ShouldBe(Enumerable.Range(0, refilled.Count).Select(i => t0.AddSeconds(i)), "A's oldest");

        // First come, first served: the high job, then A's flood in its order, with no turns, bounds or caps.
        tenants.Dispatch = TenantDispatch.FirstComeFirstServed;
        var inOrder = await FairDispatch.ChooseAsync(db, unsent, tenants, turns, room: 12, now, TimeSpan.FromSeconds(1), CancellationToken.None);
        var ordered = await db.Jobs.AsNoTracking().Where(j => inOrder.Contains(j.Id)).ToDictionaryAsync(j => j.Id);
        string.Concat(inOrder.Select(id => ordered[id].Tenant)).ShouldBe("B" + new string('A', 11));
        inOrder.Skip(1).Select(id => ordered[id].QueuedAt).ShouldBe(Enumerable.Range(0, 11).Select(i => t0.AddSeconds(i)));
    }

    sealed class SmallBatchesApp : StandaloneApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Outbox:BatchSize", "10");
            builder.UseSetting("Tenants:MaxWaitingInBrokerPerTenant", "1000");
        }
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_send_each_job_once()
    {
        await using var app = new SmallBatchesApp();
        _ = app.Services;
        // Another replica's send loop, on the same database and bus.
        var second = ActivatorUtilities.CreateInstance<JobDispatcher>(app.Services);
        await second.StartAsync(CancellationToken.None);
        try
        {
            var rows = Rows("A", 150, DateTime.UtcNow, due: true).Concat(Rows("B", 100, DateTime.UtcNow, due: true))
                .Concat(Rows("C", 50, DateTime.UtcNow, due: true)).ToList();
            await SeedAsync(app, rows);
            app.Services.GetRequiredService<OutboxSignal>().JobsChanged();

            var ids = rows.Select(r => r.Id).ToList();
            await Eventually.Until(async () =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                return await scope.ServiceProvider.JobsOfEveryTenant().Jobs.CountAsync(j => ids.Contains(j.Id) && j.PublishedAt == null);
            }, unsent => unsent == 0, "every seeded job sent", TimeSpan.FromSeconds(60));

            var sends = app.Harness.Sent.Select<ProcessImage>(new CancellationToken(true)).GroupBy(m => m.Context.Message.JobId)
                .ToDictionary(g => g.Key, g => g.Count());
            ids.Where(id => sends.GetValueOrDefault(id) != 1).ShouldBeEmpty("every job sent exactly once");
        }
        finally
        {
            await second.StopAsync(CancellationToken.None);
        }
    }

    static IEnumerable<ImageJob> Rows(string tenant, int count, DateTime from, JobState state = JobState.Queued, bool published = false,
        JobPriority priority = JobPriority.Normal, bool due = false) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var id = Guid.NewGuid();
            return new ImageJob
            {
                Id = id, Tenant = tenant, State = state, Priority = priority, QueuedAt = from.AddSeconds(i),
                OriginalKey = ObjectKeys.Original(id, "jpg"), OriginalContentType = "image/jpeg", Operations = ["grayscale"], OutputFormat = "jpg",
                PublishedAt = published || state == JobState.Processing ? from : null,
                NotBefore = due ? null : DateTime.UtcNow.AddDays(1),
            };
        });

    static async Task SeedAsync(StandaloneApp app, IEnumerable<ImageJob> rows)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        db.Jobs.AddRange(rows);
        await db.SaveChangesAsync();
    }
}
