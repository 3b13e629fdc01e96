using System.Threading.Channels;

namespace Queues.Api.Jobs;

/// <summary>
/// Wakes the outbox's loops when a job row changed (<see cref="JobTransitions"/>), so that a new job is sent, and an
/// ended one announced, now rather than at the next poll. Each loop has its own wake-up; a wake-up already pending is
/// enough, so more are dropped.
/// </summary>
public sealed class OutboxSignal
{
    readonly Channel<bool> sends = Wake(), ends = Wake(), batches = Wake();

    /// <summary>What <see cref="JobDispatcher"/> waits on.</summary>
    public ChannelReader<bool> Sends => sends.Reader;

    /// <summary>What <see cref="JobEndAnnouncer"/> waits on.</summary>
    public ChannelReader<bool> Ends => ends.Reader;

    /// <summary>What <see cref="BatchEndLoop"/> waits on.</summary>
    public ChannelReader<bool> Batches => batches.Reader;

    /// <summary>A job reached Completed, Failed or Cancelled: its batch, if it has one, may have ended.</summary>
    public void JobEnded() => batches.Writer.TryWrite(true);

    public void JobsChanged()
    {
        sends.Writer.TryWrite(true);
        ends.Writer.TryWrite(true);
    }

    static Channel<bool> Wake() => Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
}
