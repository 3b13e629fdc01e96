using System.Threading.Channels;
using MassTransit;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>
/// Publishes this replica's job changes for the other replicas' live feeds (distributed mode only). A transition hands
/// its change over without waiting on the broker; this publishes whatever has piled up as one <see cref="JobChangeBatch"/>.
/// The feed is best effort, like the browser's stream it serves: with the broker away a change is logged and dropped,
/// and a dashboard re-reads the jobs table whenever it reconnects.
/// </summary>
public sealed class JobChangeRelay(IBus bus, ILogger<JobChangeRelay> logger) : BackgroundService
{
    static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    readonly Channel<JobChanged> pending = Channel.CreateBounded<JobChanged>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Relay(JobChange change) =>
        pending.Writer.TryWrite(new JobChanged(change.JobId, change.State.ToString(), change.At, change.Replica, change.Deleted));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<JobChanged>();
        while (await pending.Reader.WaitToReadAsync(stoppingToken))
        {
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
}
