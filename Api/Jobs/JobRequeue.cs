using Microsoft.EntityFrameworkCore;
using Queues.Api.Observability;

namespace Queues.Api.Jobs;

public static class JobRequeue
{
    /// <summary>
    /// Failed → Queued, keeping the attempt count. <paramref name="alreadySent"/>: the message itself goes back
    /// to the queue (a dead-letter replay), so the outbox must not send another; otherwise the outbox sends it,
    /// in the trace of the request that asked for the retry.
    /// </summary>
    public static Task<int> RequeueFailedAsync(this JobsDbContext db, IReadOnlyCollection<Guid> jobIds, bool alreadySent,
        DateTime now, CancellationToken cancellationToken)
    {
        var traceParent = JobTracing.CurrentTraceParent();
        return db.Jobs.Where(j => jobIds.Contains(j.Id) && j.State == JobState.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Queued)
                .SetProperty(j => j.FailureReason, (string?)null)
                .SetProperty(j => j.FinishedAt, (DateTime?)null)
                .SetProperty(j => j.PublishedAt, alreadySent ? now : null)
                .SetProperty(j => j.TraceParent, traceParent)
                .SetProperty(j => j.DispatchLeaseUntil, (DateTime?)null), cancellationToken);
    }
}
