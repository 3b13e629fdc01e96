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
        tenantsInOrder.Count(t => t == 'A').ShouldBe(0, "A, in the broker, is refilled only with the others, once they fall to half: " + tenantsInOrder);
        tenantsInOrder.Count(t => t == 'B').ShouldBe(6, tenantsInOrder);
        tenantsInOrder.Count(t => t == 'C').ShouldBe(2, "C may process 2 at once: " + tenantsInOrder);
        turns.Waiting.ShouldBe(["B", "C"], ignoreOrder: true);
        // Nothing chosen while the jobs in the broker are above half the bounds of the tenants with jobs waiting (12 of
        // 22); the recheck once a second looks only for tenants not known yet.
        await db.Jobs.Where(j => j.Tenant == "B" && j.PublishedAt == null && j.Priority == JobPriority.Normal).Take(4).ExecuteUpdateAsync(s => s.SetProperty(j => j.PublishedAt, now));
        (await FairDispatch.ChooseAsync(db, unsent, tenants, turns, room: 200, now, TimeSpan.FromSeconds(1), CancellationToken.None))
            .ShouldBeEmpty("12 of the bounds' 22 in the broker");
        (await FairDispatch.ChooseAsync(db, unsent, tenants, turns, room: 200, now.AddSeconds(1), TimeSpan.FromSeconds(1), CancellationToken.None))
            .ShouldBeEmpty("the recheck finds no new tenant");
        // 3 of A's 8 and B's 4 started: 5 in the broker, below half: a refill, A's oldest first.
        await db.Jobs.Where(j => j.Tenant == "A" && j.PublishedAt != null && j.State == JobState.Queued).Take(3)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Processing));
        await db.Jobs.Where(j => j.Tenant == "B" && j.PublishedAt != null && j.State == JobState.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Processing));
        var refill = await FairDispatch.ChooseAsync(db, unsent, tenants, turns, room: 200, now, TimeSpan.FromSeconds(1), CancellationToken.None);
        var refilled = await db.Jobs.AsNoTracking().Where(j => refill.Contains(j.Id) && j.Tenant == "A").Select(j => j.QueuedAt).ToListAsync();
        refill.Count.ShouldBe(22 - 5, "up to the bounds of A, B and C together");
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
