using System.Collections.Concurrent;

namespace Queues.Components.Processing;

/// <summary>
/// The jobs this worker was told are cancelled (<see cref="Queues.Contracts.JobCancelled"/>). Workers have no database:
/// the set is what lets one skip a cancelled job's command when it arrives, and stop a running one between steps.
/// Entries are forgotten after <see cref="Remember"/>: a command older than that would be skipped anyway, since the
/// Api announces the cancellation again when it sees a cancelled job start.
/// </summary>
public sealed class JobCancellations(TimeProvider clock)
{
    static readonly TimeSpan Remember = TimeSpan.FromHours(1);
    readonly ConcurrentDictionary<Guid, DateTimeOffset> cancelled = new();
    readonly ConcurrentDictionary<Guid, CancellationTokenSource> running = new();

    public bool IsCancelled(Guid jobId) => cancelled.ContainsKey(jobId);

    public void Cancel(Guid jobId)
    {
        var now = clock.GetUtcNow();
        cancelled[jobId] = now;
        if (running.TryGetValue(jobId, out var stop)) stop.Cancel();
        foreach (var (id, at) in cancelled)
            if (now - at > Remember) cancelled.TryRemove(id, out _);
    }

    /// <summary>A token that fires when the job is cancelled or <paramref name="message"/> fires; dispose when the job is done.</summary>
    public Running Track(Guid jobId, CancellationToken message)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(message);
        running[jobId] = stop;
        // A cancellation that arrived between the check on receipt and now.
        if (IsCancelled(jobId)) stop.Cancel();
        return new Running(this, jobId, stop);
    }

    public sealed class Running(JobCancellations owner, Guid jobId, CancellationTokenSource stop) : IDisposable
    {
        public CancellationToken Token => stop.Token;

        public bool Cancelled => owner.IsCancelled(jobId);

        public void Dispose()
        {
            owner.running.TryRemove(new KeyValuePair<Guid, CancellationTokenSource>(jobId, stop));
            stop.Dispose();
        }
    }
}
