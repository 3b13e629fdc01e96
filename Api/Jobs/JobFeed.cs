using Queues.Api.Dashboard;

namespace Queues.Api.Jobs;

/// <summary>A job's new state; <paramref name="Deleted"/> when the job is gone (its last state is kept in <paramref name="State"/>).</summary>
public sealed record JobChange(Guid JobId, JobState State, DateTime At, bool Deleted = false);

/// <summary>
/// Job state changes for live subscribers (the dashboard's server-sent events). Each API replica sees the
/// changes its own consumers and endpoints apply.
/// </summary>
public sealed class JobFeed(TimeProvider clock)
{
    readonly Broadcast<JobChange> changes = new();

    public void Changed(Guid jobId, JobState state) => changes.Send(new JobChange(jobId, state, clock.GetUtcNow().UtcDateTime));

    public void Deleted(Guid jobId) => changes.Send(new JobChange(jobId, JobState.Cancelled, clock.GetUtcNow().UtcDateTime, Deleted: true));

    public IAsyncEnumerable<JobChange> Subscribe(CancellationToken cancellationToken) => changes.Subscribe(cancellationToken);
}
