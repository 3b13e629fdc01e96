using Queues.Api.Dashboard;

namespace Queues.Api.Jobs;

/// <summary>A job's new state; <paramref name="Deleted"/> when the job is gone (<paramref name="State"/> is then its last).</summary>
public sealed record JobChange(Guid JobId, JobState State, DateTime At, bool Deleted = false);

/// <summary>How far a processing job is, in percent.</summary>
public sealed record JobProgressChange(Guid JobId, int Percent, DateTime At);

/// <summary>
/// Job state changes for live subscribers (the dashboard's server-sent events). Each API replica sees the
/// changes its own consumers and endpoints apply.
/// </summary>
public sealed class JobFeed(TimeProvider clock)
{
    readonly Broadcast<JobChange> changes = new();
    readonly Broadcast<JobProgressChange> progress = new();

    public void Changed(Guid jobId, JobState state) => changes.Send(new JobChange(jobId, state, clock.GetUtcNow().UtcDateTime));

    public void Progressed(Guid jobId, int percent) => progress.Send(new JobProgressChange(jobId, percent, clock.GetUtcNow().UtcDateTime));

    public IAsyncEnumerable<JobProgressChange> SubscribeProgress(CancellationToken cancellationToken) => progress.Subscribe(cancellationToken);

    public void Deleted(Guid jobId) => changes.Send(new JobChange(jobId, JobState.Cancelled, clock.GetUtcNow().UtcDateTime, Deleted: true));

    public IAsyncEnumerable<JobChange> Subscribe(CancellationToken cancellationToken) => changes.Subscribe(cancellationToken);
}
