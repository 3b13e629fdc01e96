using System.Collections.Concurrent;

namespace Queues.Components.Processing;

/// <summary>What this worker is doing right now, for heartbeats and the images-in-flight gauge.</summary>
public sealed class WorkerActivity
{
    readonly ConcurrentDictionary<Guid, DateTime> inFlight = new();
    long completed, failed;

    public int InFlight => inFlight.Count;
    public Guid[] CurrentJobs => inFlight.Keys.ToArray();
    public long Completed => Interlocked.Read(ref completed);
    public long Failed => Interlocked.Read(ref failed);

    /// <summary>
    /// Set only by the standalone app while it stops: see <see cref="ProcessImageConsumer"/>. A distributed worker
    /// never sets it, since there the broker keeps what a stopping worker has not taken.
    /// </summary>
    public bool Draining { get; private set; }

    public void StopTaking() => Draining = true;

    /// <summary>Marks a job in flight until the returned scope is disposed; it counts as failed unless <see cref="Scope.Succeeded"/> ran.</summary>
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
            Interlocked.Increment(ref succeeded ? ref owner.completed : ref owner.failed);
        }
    }
}
