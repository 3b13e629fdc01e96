using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Queues.Api.Jobs;

/// <summary>
/// One of the outbox's loops (<see cref="JobDispatcher"/> sends, <see cref="JobEndAnnouncer"/> announces): runs batches
/// while full ones come back, then waits for a wake-up (<see cref="OutboxSignal"/>) or the poll, twice as long while
/// the broker is away (<see cref="BrokerAway"/>).
/// </summary>
public abstract class OutboxLoop(ChannelReader<bool> wake, IOptions<OutboxOptions> options, ILogger logger) : BackgroundService
{
    protected OutboxOptions Options => options.Value;

    /// <summary>Set by a batch that could not reach the broker; cleared by one that did.</summary>
    protected bool BrokerAway { get; set; }

    /// <summary>Sends or announces one batch; returns how many jobs it took.</summary>
    protected abstract Task<int> RunBatchAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunBatchAsync(stoppingToken) == Options.BatchSize) { }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "{Loop} failed; retrying", GetType().Name);
            }

            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            poll.CancelAfter(BrokerAway ? Options.PollInterval * 2 : Options.PollInterval);
            try { await wake.ReadAsync(poll.Token); }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { }
        }
    }
}
