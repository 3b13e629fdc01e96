using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Queues.Api.Dashboard;
using Queues.Contracts;

namespace Queues.Tests.Dashboard;

public sealed class WorkerRegistryTests
{
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    readonly WorkerRegistry registry;

    public WorkerRegistryTests() =>
        registry = new WorkerRegistry(clock, Options.Create(new DashboardOptions { WorkerOfflineAfter = TimeSpan.FromSeconds(6), WorkerForgetAfter = TimeSpan.FromMinutes(1) }));

    static WorkerHeartbeat Beat(string id, long completed = 0) =>
        new(id, "host", 42, 4, 1, [Guid.NewGuid()], completed, 0, DateTime.UtcNow);

    [Fact]
    public async Task A_silent_worker_goes_offline_after_three_missed_beats_then_is_forgotten_and_every_change_is_announced()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var changes = registry.Subscribe(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = changes.MoveNextAsync(); // subscribes now, before anything happens

        registry.Heard(Beat("w1", completed: 3));
        (await next).ShouldBeTrue();
        changes.Current.ShouldBe(new WorkerChange("w1", "online", clock.GetUtcNow().UtcDateTime));
        registry.All().Single().ShouldSatisfyAllConditions(w => w.Online.ShouldBeTrue(), w => w.Completed.ShouldBe(3), w => w.InFlight.ShouldBe(1));

        clock.Advance(TimeSpan.FromSeconds(5));
        registry.Sweep();
        registry.All().Single().Online.ShouldBeTrue("5 s of silence is less than three 2 s beats");

        clock.Advance(TimeSpan.FromSeconds(2));
        registry.Sweep();
        (await changes.MoveNextAsync()).ShouldBeTrue();
        changes.Current.Change.ShouldBe("offline");
        registry.All().Single().ShouldSatisfyAllConditions(w => w.Online.ShouldBeFalse(), w => w.InFlight.ShouldBe(0), w => w.CurrentJobs.ShouldBeEmpty());

        registry.Heard(Beat("w1", completed: 4));
        (await changes.MoveNextAsync()).ShouldBeTrue();
        changes.Current.Change.ShouldBe("online", "a worker that beats again is back online");

        clock.Advance(TimeSpan.FromSeconds(61));
        registry.Sweep();
        (await changes.MoveNextAsync()).ShouldBeTrue();
        changes.Current.Change.ShouldBe("forgotten");
        registry.All().ShouldBeEmpty();
        await changes.DisposeAsync();
    }

    [Fact]
    public void Online_workers_are_listed_before_offline_ones()
    {
        registry.Heard(Beat("b-old"));
        clock.Advance(TimeSpan.FromSeconds(10));
        registry.Heard(Beat("a-new"));
        registry.Sweep();
        registry.All().Select(w => (w.WorkerId, w.Online)).ShouldBe([("a-new", true), ("b-old", false)]);
    }
}
