using Queues.Api.Dashboard;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>A batch's end as <c>GET /events</c> sends it (event type "batch").</summary>
public sealed record BatchEnd(Guid BatchId, string Tenant, int Completed, int Failed, int Cancelled, int Total, DateTime CreatedAt, DateTime FinishedAt);

/// <summary>
/// Ended batches for live subscribers. Every replica hears every <see cref="BatchCompleted"/> on a temporary queue of its
/// own (<see cref="FeedBatchCompletedConsumer"/>), the announcing replica included: a batch ends once, and this way
/// its one announcement is the one path to every dashboard.
/// </summary>
public sealed class BatchFeed
{
    readonly Broadcast<BatchEnd> ends = new();

    public void Ended(BatchCompleted e) =>
        ends.Send(new BatchEnd(e.BatchId, e.Tenant, e.Completed, e.Failed, e.Cancelled, e.Total, e.CreatedAt, e.FinishedAt));

    public IAsyncEnumerable<BatchEnd> Subscribe(CancellationToken cancellationToken) => ends.Subscribe(cancellationToken);
}
