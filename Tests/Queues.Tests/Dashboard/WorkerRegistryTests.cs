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
    public async Task A_silent_worker_shows_crashed_after_three_missed_beats_then_is_forgotten_and_every_change_is_announced()
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
        changes.Current.Change.ShouldBe("crashed");
        registry.All().Single().ShouldSatisfyAllConditions(w => w.Online.ShouldBeFalse(), w => w.Status.ShouldBe(WorkerStatus.Crashed),
            w => w.InFlight.ShouldBe(0), w => w.CurrentJobs.ShouldBeEmpty());

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
    public void A_worker_that_said_it_was_stopping_shows_stopped_and_its_silence_is_not_a_crash()
    {
        registry.Heard(Beat("w1"));
        registry.Heard(Beat("w1") with { Stopping = true, Completed = 7 });
        registry.All().Single().ShouldSatisfyAllConditions(w => w.Status.ShouldBe(WorkerStatus.Stopped), w => w.Online.ShouldBeFalse(),
            w => w.Completed.ShouldBe(7), w => w.CurrentJobs.ShouldBeEmpty());

        clock.Advance(TimeSpan.FromSeconds(30));
        registry.Sweep();
        registry.All().Single().Status.ShouldBe(WorkerStatus.Stopped);
    }

    [Fact]
    public void A_worker_silent_while_the_broker_is_away_is_unreachable_and_crashed_only_if_still_silent_once_the_broker_is_back()
    {
        registry.Heard(Beat("w1"));
        registry.Heard(Beat("w2"));
        clock.Advance(TimeSpan.FromSeconds(7));
        registry.Sweep(brokerReachable: false);
        registry.All().Select(w => w.Status).ShouldAllBe(s => s == WorkerStatus.Unreachable);

        clock.Advance(TimeSpan.FromSeconds(20));
        registry.Sweep(brokerReachable: true);
        registry.All().Select(w => w.Status).ShouldAllBe(s => s == WorkerStatus.Unreachable, "the broker is back: the workers' beats may be on their way");
        clock.Advance(TimeSpan.FromSeconds(3));
        registry.Heard(Beat("w1"));
        clock.Advance(TimeSpan.FromSeconds(4));
        registry.Sweep(brokerReachable: true);
        registry.All().Select(w => (w.WorkerId, w.Status)).ShouldBe([("w1", WorkerStatus.Online), ("w2", WorkerStatus.Crashed)]);
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
