using System.Collections.Concurrent;

namespace Queues.Components.Processing;

/// <summary>What this worker is doing right now, for heartbeats and the images-in-flight gauge.</summary>
public sealed class WorkerActivity
{
    readonly ConcurrentDictionary<Guid, DateTime> inFlight = new();
    long completed, failed, retried;

    public int InFlight => inFlight.Count;
    public Guid[] CurrentJobs => inFlight.Keys.ToArray();
    public long Completed => Interlocked.Read(ref completed);
    /// <summary>Jobs this worker failed for good (<see cref="Rejected"/>); attempts that will run again are <see cref="Retried"/>.</summary>
    public long Failed => Interlocked.Read(ref failed);
    public long Retried => Interlocked.Read(ref retried);

    /// <summary>An attempt ended the job: its image was rejected.</summary>
    public void Rejected() => Interlocked.Increment(ref failed);

    /// <summary>An attempt threw and the job runs again: a quick retry in this process, or handed back to the Api.</summary>
    public void WillRetry() => Interlocked.Increment(ref retried);

    /// <summary>
    /// Set only by the standalone app while it stops: see <see cref="ProcessImageConsumer"/>. A distributed worker
    /// never sets it, since there the broker keeps what a stopping worker has not taken.
    /// </summary>
    public bool Draining { get; private set; }

    public void StopTaking() => Draining = true;

    /// <summary>
    /// Marks a job in flight until the returned scope is disposed; it counts as completed if <see cref="Scope.Succeeded"/>
    /// ran. An attempt that threw is counted by whoever decides what the throw means (<see cref="ProcessImageConsumer"/>).
    /// </summary>
    public Scope Begin(Guid jobId)
    {
        inFlight[jobId] = DateTime.UtcNow;
        return new Scope(this, jobId);
    }

    public sealed class Scope(WorkerActivity owner, Guid jobId) : IDisposable
    {
        bool succeeded;

        public void Succeeded() => succeeded = true;

        public void Dispose()
        {
            owner.inFlight.TryRemove(jobId, out _);
            if (succeeded) Interlocked.Increment(ref owner.completed);
        }
    }
}
