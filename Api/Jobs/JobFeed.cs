using Queues.Api.Dashboard;

namespace Queues.Api.Jobs;

public sealed record JobChange(Guid JobId, JobState State, DateTime At);

/// <summary>
/// Job state changes for live subscribers (the dashboard's server-sent events). Each API replica sees the
/// changes its own consumers and endpoints apply.
/// </summary>
public sealed class JobFeed(TimeProvider clock)
{
    readonly Broadcast<JobChange> changes = new();

    public void Changed(Guid jobId, JobState state) => changes.Send(new JobChange(jobId, state, clock.GetUtcNow().UtcDateTime));

    public IAsyncEnumerable<JobChange> Subscribe(CancellationToken cancellationToken) => changes.Subscribe(cancellationToken);
}
