using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Queues.Api.Jobs;
using Queues.Contracts;

namespace Queues.Tests.Dashboard;

public sealed class JobFeedTests
{
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    readonly ReplicaIdentity replica = new();

    [Fact]
    public async Task Streams_its_own_changes_at_once_and_other_replicas_changes_from_the_bus_but_not_its_own_echo()
    {
        var feed = new JobFeed(clock, replica);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var changes = feed.Subscribe(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = changes.MoveNextAsync(); // subscribes now
        Guid own = Guid.NewGuid(), other = Guid.NewGuid();
        var at = clock.GetUtcNow().UtcDateTime;

        feed.Changed(own, JobState.Completed);
        (await next).ShouldBeTrue();
        changes.Current.ShouldBe(new JobChange(own, JobState.Completed, at, replica.Id));

        // Its own change comes back from the bus (every replica's queue is bound to JobChangeBatch), then another replica's.
        feed.Heard(new JobChanged(own, "Completed", at, replica.Id));
        feed.Heard(new JobChanged(other, "Processing", at.AddSeconds(1), "elsewhere-7"));
        (await changes.MoveNextAsync()).ShouldBeTrue();
        changes.Current.ShouldBe(new JobChange(other, JobState.Processing, at.AddSeconds(1), "elsewhere-7"), "the echo of its own change was skipped");
        await stop.CancelAsync();
    }

    [Fact]
    public async Task Another_replicas_deletion_heard_from_the_bus_streams_as_a_deletion()
    {
        var feed = new JobFeed(clock, replica);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var changes = feed.Subscribe(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = changes.MoveNextAsync();
        var gone = Guid.NewGuid();
        var at = clock.GetUtcNow().UtcDateTime;

        // As the replica whose retention sweep (or DELETE) removed the job relays it.
        feed.Heard(new JobChanged(gone, "Cancelled", at, "elsewhere-7", Deleted: true));
        (await next).ShouldBeTrue();
        changes.Current.ShouldBe(new JobChange(gone, JobState.Cancelled, at, "elsewhere-7", Deleted: true));
        await stop.CancelAsync();
    }
}

public sealed class JobChangeRelayTests
{
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    readonly ReplicaIdentity replica = new();

    JobChange Change() => new(Guid.NewGuid(), JobState.Completed, clock.GetUtcNow().UtcDateTime, replica.Id);

    [Fact]
    public void Relays_only_while_another_replica_has_said_lately_that_it_has_subscribers()
    {
        var relay = new JobChangeRelay(null!, replica, clock, NullLogger<JobChangeRelay>.Instance);
        relay.Relay(Change()).ShouldBeFalse("nobody watches yet");

        relay.Heard(new FeedWatched(replica.Id, clock.GetUtcNow().UtcDateTime));
        relay.Relay(Change()).ShouldBeFalse("its own subscribers see its changes without the bus");

        relay.Heard(new FeedWatched("elsewhere-7", clock.GetUtcNow().UtcDateTime));
        relay.Relay(Change()).ShouldBeTrue();
        clock.Advance(JobChangeRelay.WatchedFor - TimeSpan.FromSeconds(1));
        relay.Relay(Change()).ShouldBeTrue("still within the watch");

        clock.Advance(TimeSpan.FromSeconds(1));
        relay.Relay(Change()).ShouldBeFalse("the other replica's subscribers have not been heard of for too long");
    }
}
