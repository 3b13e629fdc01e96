using Queues.Api.Dashboard;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>A job's new state; <paramref name="Deleted"/> when the job is gone (<paramref name="State"/> is then its last).</summary>
/// <param name="Replica">The Api replica whose transition applied the change (see <see cref="ReplicaIdentity"/>).</param>
/// <param name="Note">What happened besides the state, for the activity feed: a redelivery, a hand-back's or a failure's reason.</param>
public sealed record JobChange(Guid JobId, JobState State, DateTime At, string Replica, bool Deleted = false, string? Note = null);

/// <summary>How far a processing job is, in percent.</summary>
public sealed record JobProgressChange(Guid JobId, int Percent, DateTime At);

/// <summary>
/// Job state changes for live subscribers (the dashboard's server-sent events). A replica's own changes go straight to
/// its subscribers; distributed, they are also relayed over the bus (<see cref="JobChangeRelay"/>) and the other
/// replicas' changes come back from it (<see cref="FeedJobChangeConsumer"/>), so every replica streams every change.
/// A replica skips its own changes when they return from the bus: the local path is immediate and keeps working while
/// the broker is away, and the bus only carries what the other replicas need.
/// </summary>
public sealed class JobFeed(TimeProvider clock, ReplicaIdentity replica, JobChangeRelay? relay = null)
{
    readonly Broadcast<JobChange> changes = new();
    readonly Broadcast<JobProgressChange> progress = new();

    public void Changed(Guid jobId, JobState state, string? note = null)
    {
        var change = new JobChange(jobId, state, clock.GetUtcNow().UtcDateTime, replica.Id, Note: note);
        changes.Send(change);
        relay?.Relay(change);
    }

    /// <summary>A change another replica applied, heard over the bus; this replica's own are already out.</summary>
    public void Heard(JobChanged e)
    {
        if (e.Replica == replica.Id || !Enum.TryParse<JobState>(e.State, out var state)) return;
        changes.Send(new JobChange(e.JobId, state, e.At, e.Replica, e.Deleted, e.Note));
    }

    public void Progressed(Guid jobId, int percent) => progress.Send(new JobProgressChange(jobId, percent, clock.GetUtcNow().UtcDateTime));

    public IAsyncEnumerable<JobProgressChange> SubscribeProgress(CancellationToken cancellationToken) => progress.Subscribe(cancellationToken);

    /// <summary>This replica deleted the job; the others hear it over the bus like any change.</summary>
    public void Deleted(Guid jobId)
    {
        var change = new JobChange(jobId, JobState.Cancelled, clock.GetUtcNow().UtcDateTime, replica.Id, Deleted: true);
        changes.Send(change);
        relay?.Relay(change);
    }

    public IAsyncEnumerable<JobChange> Subscribe(CancellationToken cancellationToken) => changes.Subscribe(cancellationToken);
}
