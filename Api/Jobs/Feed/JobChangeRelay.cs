using System.Threading.Channels;
using MassTransit;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>
/// Publishes this replica's job changes for the other replicas' live feeds (distributed mode only), and only while
/// another replica has a live-feed subscriber: a replica with one says so (<see cref="FeedWatched"/>) when it connects
/// and every <see cref="WatchedEvery"/> after, and this relays until <see cref="WatchedFor"/> after the last it heard.
/// Nobody watching, a job costs no relay message. A transition hands its change over without waiting on the broker;
/// this gathers the changes of <see cref="Gather"/> and publishes them as one <see cref="JobChangeBatch"/>.
/// The feed is best effort, like the browser's stream it serves: with the broker away a change is logged and dropped,
/// and a dashboard re-reads the jobs table whenever it reconnects.
/// </summary>
public sealed class JobChangeRelay(IBus bus, ReplicaIdentity replica, TimeProvider clock, ILogger<JobChangeRelay> logger) : BackgroundService
{
    public static readonly TimeSpan WatchedEvery = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan WatchedFor = TimeSpan.FromSeconds(15);
    static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(100);
    static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    static readonly TimeSpan AnnounceTimeout = TimeSpan.FromSeconds(2);

    readonly Channel<JobChanged> pending = Channel.CreateBounded<JobChanged>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    int watchers;
    long othersWatchUntilTicks;

    /// <summary>Another replica said it has subscribers within the last <see cref="WatchedFor"/>.</summary>
    public bool OthersWatch => clock.GetUtcNow().UtcTicks < Interlocked.Read(ref othersWatchUntilTicks);

    /// <summary>Queues the change for the next batch if another replica watches; false if nobody does.</summary>
    public bool Relay(JobChange change) =>
        OthersWatch && pending.Writer.TryWrite(new JobChanged(change.JobId, change.State.ToString(), change.At, change.Replica, change.Deleted, change.Note));

    /// <summary>A replica's <see cref="FeedWatched"/>, heard over the bus; this replica's own is skipped.</summary>
    public void Heard(FeedWatched e)
    {
        if (e.Replica != replica.Id)
            Interlocked.Exchange(ref othersWatchUntilTicks, (clock.GetUtcNow() + WatchedFor).UtcTicks);
    }

    /// <summary>
    /// A live-feed subscriber of this replica, until disposed. Returns once the other replicas were told (or the
    /// broker did not answer in time): a stream that starts after this gets their changes from the next one on.
    /// </summary>
    public async Task<IDisposable> WatchAsync(CancellationToken cancellationToken)
    {
        var watcher = new Watcher(this);
        try
        {
            await AnnounceAsync(cancellationToken);
        }
        catch
        {
            watcher.Dispose(); // the subscriber went away while the others were being told
            throw;
        }
        return watcher;
    }

    sealed class Watcher : IDisposable
    {
        readonly JobChangeRelay relay;
        int disposed;

        public Watcher(JobChangeRelay relay)
        {
            this.relay = relay;
            Interlocked.Increment(ref relay.watchers);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) Interlocked.Decrement(ref relay.watchers);
        }
    }

    async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AnnounceTimeout);
            await bus.Publish(new FeedWatched(replica.Id, clock.GetUtcNow().UtcDateTime), timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not tell the other replicas that this one's live feed has subscribers");
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(RelayAsync(stoppingToken), AnnounceWhileWatchedAsync(stoppingToken));

    async Task AnnounceWhileWatchedAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(WatchedEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                if (Volatile.Read(ref watchers) > 0) await AnnounceAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    async Task RelayAsync(CancellationToken stoppingToken)
    {
        var batch = new List<JobChanged>();
        try
        {
            while (await pending.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(Gather, clock, stoppingToken);
                batch.Clear();
                while (batch.Count < 500 && pending.Reader.TryRead(out var change)) batch.Add(change);
                try
                {
                    // A publish stuck on a lost connection must not hold up every later change; this one is dropped instead.
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    timeout.CancelAfter(PublishTimeout);
                    await bus.Publish(new JobChangeBatch(batch.ToArray()), timeout.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "{Count} job changes not relayed to the other replicas' live feeds", batch.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
