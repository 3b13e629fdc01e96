using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;
using Queues.Api.Observability;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>
/// The only code that changes a job's state. Each change is one conditional UPDATE that names the states it may
/// leave, so a late or repeated event, or two replicas at once, cannot move a job backwards or apply a change
/// twice; a change that applied tells the live feed, and one that queues a job wakes the outbox.
/// Consumers, endpoints and the dead-letter queue call these; none writes a state itself. The move to Completed or
/// Failed leaves the row to be announced (<see cref="JobEndAnnouncer"/>), so what follows a job's end happens once.
/// Each change that applied goes on the job's timeline (<see cref="JobTimeline"/>): a repeated event that changed nothing does not.
/// </summary>
public sealed class JobTransitions(JobsDbContext db, JobFeed feed, OutboxSignal outbox, IOptions<JobsOptions> options, TimeProvider clock,
    JobTimeline timeline)
{
    static readonly JobState[] UnfinishedStates = [JobState.Queued, JobState.Processing];

    /// <summary>
    /// A new job → Queued; the outbox sends it. A job of a batch joins it in the same transaction (<see cref="BatchRules"/>):
    /// false, and nothing saved, when the batch has ended meanwhile.
    /// </summary>
    public async Task<bool> AcceptAsync(ImageJob job, CancellationToken cancellationToken)
    {
        job.State = JobState.Queued;
        db.Jobs.Add(job);
        if (job.BatchId is null) await db.SaveChangesAsync(cancellationToken);
        else if (!await BatchRules.SaveJoinedAsync(db, job, cancellationToken))
        {
            db.Entry(job).State = EntityState.Detached;
            return false;
        }
        Applied(job.Id, JobState.Queued);
        timeline.Record(job.Id, JobEventKinds.Accepted, JobEventDetail.Of(("priority", job.Priority.ToString()), ("notBefore", job.NotBefore)),
            at: job.QueuedAt);
        return true;
    }

    /// <summary>
    /// Queued|Processing → Processing, one attempt more (a redelivery or an in-process retry is an attempt). A start
    /// after the job finished moves nothing but still counts: a redelivered job that ran again did run again. The same
    /// start event delivered twice (<paramref name="messageId"/> seen before) counts once and moves nothing.
    /// </summary>
    public async Task<bool> StartedAsync(ImageProcessingStarted e, Guid? messageId, CancellationToken cancellationToken)
    {
        var token = messageId is { } id ? id.ToString("N") + "," : null;
        IQueryable<ImageJob> Unseen(IQueryable<ImageJob> jobs) => jobs.Where(j => token == null || !j.StartIds.Contains(token));
        void CountAttempt(UpdateSettersBuilder<ImageJob> s) => s
            .SetProperty(j => j.Attempts, j => j.Attempts + 1)
            .SetProperty(j => j.StartIds, j => token == null ? j.StartIds : j.StartIds + token);

        var moved = await Unseen(Unfinished(e.JobId)).ExecuteUpdateAsync(s =>
        {
            CountAttempt(s);
            s.SetProperty(j => j.State, JobState.Processing)
                .SetProperty(j => j.WorkerId, e.WorkerId)
                .SetProperty(j => j.StartedAt, j => j.StartedAt ?? e.StartedAt);
        }, cancellationToken);
        var counted = moved > 0 || await Unseen(db.Jobs.Where(j => j.Id == e.JobId)).ExecuteUpdateAsync(CountAttempt, cancellationToken) > 0;
        // A new delivery from the broker, or the same delivery tried again in the worker's process.
        if (counted)
            timeline.Record(e.JobId, e.Attempt == 1 ? JobEventKinds.Delivered : JobEventKinds.Retried, JobEventDetail.Of(("attempt", e.Attempt),
                ("deliveryCount", e.DeliveryCount), ("redelivered", e.Redelivered)), e.WorkerId, e.StartedAt);
        // A delivery the broker made again (its worker died or closed its channel holding it): the at-least-once lesson, named in the feed.
        return Applied(e.JobId, JobState.Processing, moved, e.Redelivered
            ? $"redelivered to {e.WorkerId}{(e.DeliveryCount is { } n ? $" (delivery {n})" : "")}" : null);
    }

    /// <summary>Queued|Processing → Completed, once: a duplicate finds the job finished and changes nothing.</summary>
    public async Task<bool> CompletedAsync(ImageProcessed e, CancellationToken cancellationToken)
    {
        // The requested renditions are fixed at upload, so reading them first and writing them with the results races with nothing.
        var renditions = e.Renditions is null ? null : JobRenditions.WithResults(
            await db.Jobs.Where(j => j.Id == e.JobId).Select(j => j.Renditions).FirstOrDefaultAsync(cancellationToken), e.Renditions);
        return Recorded(e.JobId, JobEventKinds.Completed, JobEventDetail.Of(("processingMs", e.ProcessingMs)), e.WorkerId, e.CompletedAt,
            Applied(e.JobId, JobState.Completed, await Unfinished(e.JobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Completed)
            .SetProperty(j => j.WorkerId, e.WorkerId)
            .SetProperty(j => j.StartedAt, j => j.StartedAt ?? e.StartedAt)
            .SetProperty(j => j.FinishedAt, e.CompletedAt)
            .SetProperty(j => j.ProcessingMs, e.ProcessingMs)
            .SetProperty(j => j.ResultKey, e.ResultKey)
            .SetProperty(j => j.ResultContentType, e.ContentType)
            .SetProperty(j => j.ResultWidth, e.Width)
            .SetProperty(j => j.ResultHeight, e.Height)
            .SetProperty(j => j.ResultSizeBytes, e.SizeBytes)
            .SetProperty(j => j.ResultBlurHash, e.BlurHash)
            .SetProperty(j => j.ResultDominantColour, e.DominantColour)
            .SetProperty(j => j.Renditions, j => renditions ?? j.Renditions)
            .SetProperty(j => j.FailureReason, (string?)null)
            .SetProperty(j => j.NotBefore, (DateTime?)null)
            .SetProperty(j => j.NotifiedAt, (DateTime?)null), cancellationToken)));
    }

    /// <summary>Queued|Processing → Failed, with the kind, the worker and the reason a person reads.</summary>
    public async Task<bool> FailedAsync(Guid jobId, string? workerId, FailureKind kind, string reason, DateTime at,
        CancellationToken cancellationToken) =>
        Recorded(jobId, JobEventKinds.Failed, JobEventDetail.Of(("kind", kind.ToString()), ("reason", reason)), workerId, at,
        Applied(jobId, JobState.Failed, await Unfinished(jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Failed)
            .SetProperty(j => j.WorkerId, j => workerId ?? j.WorkerId)
            .SetProperty(j => j.FinishedAt, at)
            .SetProperty(j => j.FailureKind, kind)
            .SetProperty(j => j.FailureReason, reason.Length > 2000 ? reason[..2000] : reason)
            .SetProperty(j => j.SearchText, j => (j.SearchText + SearchTexts.Reason(reason)).Substring(0, SearchTexts.MaxLength))
            .SetProperty(j => j.NotifiedAt, (DateTime?)null), cancellationToken), reason.Length > 200 ? reason[..200] + "…" : reason));

    /// <summary>
    /// Queued|Processing → Cancelled. A Queued job is no longer sent (the outbox sends only Queued rows); one already sent
    /// or running is stopped by its worker once <see cref="JobCancelled"/> reaches it. Later events from the worker
    /// find the job finished and change nothing.
    /// </summary>
    public async Task<bool> CancelAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return Recorded(jobId, JobEventKinds.Cancelled, null, null, now, Applied(jobId, JobState.Cancelled, await Unfinished(jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Cancelled)
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.NotBefore, (DateTime?)null)
            .SetProperty(j => j.DispatchLeaseUntil, (DateTime?)null), cancellationToken)));
    }

    /// <summary>
    /// Any state → gone, with its timeline. The caller cancels an unfinished job first and removes its stored objects. With
    /// <paramref name="finishedBefore"/> (retention): only while the job is Completed|Failed|Cancelled and finished
    /// before then, so one retried since the sweep read it stays.
    /// </summary>
    public async Task<bool> DeleteAsync(Guid jobId, CancellationToken cancellationToken, DateTime? finishedBefore = null)
    {
        var deleted = await db.Jobs
            .Where(j => j.Id == jobId && (finishedBefore == null || (!UnfinishedStates.Contains(j.State) && j.FinishedAt < finishedBefore)))
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0) return false;
        // Events the writer still holds for it are left out when it writes them (TimelineWriter): their job is gone.
        await db.JobEvents().Where(e => e.JobId == jobId).ExecuteDeleteAsync(cancellationToken);
        feed.Deleted(jobId);
        return true;
    }

    /// <summary>
    /// Queued|Processing → Queued, unsent, due after a delay that doubles with each hand-back, when a worker gave the
    /// job back (storage or network kept failing). The outbox sends it when due, so the wait holds no consumer slot
    /// and needs no broker plugin. Once <see cref="JobsOptions.DeferLimit"/> hand-backs are used up → Failed (Transient).
    /// </summary>
    public async Task<bool> DeferredAsync(ImageProcessingDeferred e, CancellationToken cancellationToken)
    {
        var deferrals = await db.Jobs.Where(j => j.Id == e.JobId).Select(j => (int?)j.Deferrals).FirstOrDefaultAsync(cancellationToken);
        if (deferrals is not { } done) return false;
        var policy = options.Value;
        if (done >= policy.DeferLimit)
            return await FailedAsync(e.JobId, e.WorkerId, FailureKind.Transient,
                $"Gave up after {done + 1} hand-backs: {e.Reason}", e.At, cancellationToken);

        var due = clock.GetUtcNow().UtcDateTime + policy.DelayAfter(done);
        var reason = $"Given back by {e.WorkerId}, sent again after {due:HH:mm:ss} UTC ({done + 1} of {policy.DeferLimit}): {e.Reason}";
        return Recorded(e.JobId, JobEventKinds.HandedBack, JobEventDetail.Of(("reason", e.Reason), ("due", due), ("handBack", done + 1),
            ("of", policy.DeferLimit)), e.WorkerId, e.At, Applied(e.JobId, JobState.Queued, await Unfinished(e.JobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Queued)
            .SetProperty(j => j.Deferrals, j => j.Deferrals + 1)
            .SetProperty(j => j.NotBefore, due)
            .SetProperty(j => j.PublishedAt, (DateTime?)null)
            .SetProperty(j => j.DispatchLeaseUntil, (DateTime?)null)
            .SetProperty(j => j.SearchText, j => (j.SearchText + SearchTexts.Reason(e.Reason)).Substring(0, SearchTexts.MaxLength))
            .SetProperty(j => j.FailureReason, reason.Length > 2000 ? reason[..2000] : reason), cancellationToken),
            $"handed back by {e.WorkerId} ({done + 1} of {policy.DeferLimit}), sent again after {due:HH:mm:ss} UTC"));
    }

    /// <summary>
    /// Failed → Queued, keeping the attempt count: a retry by id and a dead-letter replay both come here.
    /// <paramref name="alreadySent"/>: the dead letter itself goes back to the queue, so the outbox must not send
    /// another; otherwise the outbox sends it, in the trace of the request that asked for the retry.
    /// </summary>
    public async Task<bool> RequeueAsync(Guid jobId, bool alreadySent, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var traceParent = JobTracing.CurrentTraceParent();
        var changed = await db.Jobs.Where(j => j.Id == jobId && j.State == JobState.Failed).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Queued)
            .SetProperty(j => j.FailureKind, (FailureKind?)null)
            .SetProperty(j => j.FailureReason, (string?)null)
            .SetProperty(j => j.FinishedAt, (DateTime?)null)
            .SetProperty(j => j.PublishedAt, alreadySent ? now : null)
            .SetProperty(j => j.TraceParent, traceParent)
            .SetProperty(j => j.DispatchLeaseUntil, (DateTime?)null), cancellationToken);
        return Recorded(jobId, JobEventKinds.Requeued, JobEventDetail.Of(("deadLetterBack", alreadySent)), null, now,
            Applied(jobId, JobState.Queued, changed));
    }

    /// <summary>
    /// Processing → Queued and unsent, for a job its worker no longer holds (<see cref="JobWatchdog"/>): only if
    /// nothing moved it since it was seen so, on that worker, at that attempt.
    /// </summary>
    public async Task<bool> OrphanedAsync(Guid jobId, string workerId, int attempts, CancellationToken cancellationToken)
    {
        var changed = await db.Jobs
            .Where(j => j.Id == jobId && j.State == JobState.Processing && j.WorkerId == workerId && j.Attempts == attempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Queued)
                .SetProperty(j => j.PublishedAt, (DateTime?)null)
                .SetProperty(j => j.DispatchLeaseUntil, (DateTime?)null), cancellationToken);
        return Recorded(jobId, JobEventKinds.Orphaned, JobEventDetail.Of(("worker", workerId), ("attempts", attempts)), null, null,
            Applied(jobId, JobState.Queued, changed));
    }

    /// <summary>
    /// On the in-memory bus a stopped process takes its messages with it. At start-up, every job the previous
    /// process had sent but not finished (Queued and sent, or Processing) → Queued and unsent, so the outbox sends
    /// it again; its next start counts as one more attempt. Only for a bus that cannot outlive the process: on
    /// RabbitMQ the broker still holds those messages, and sending again would run them twice.
    /// </summary>
    public async Task<int> RecoverUnsentAsync(CancellationToken cancellationToken)
    {
        var recovered = await db.Jobs
            .Where(j => j.State == JobState.Processing || (j.State == JobState.Queued && j.PublishedAt != null))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Queued)
                .SetProperty(j => j.PublishedAt, (DateTime?)null)
                .SetProperty(j => j.DispatchLeaseOwner, (Guid?)null)
                .SetProperty(j => j.DispatchLeaseUntil, (DateTime?)null), cancellationToken);
        if (recovered > 0) outbox.JobsChanged();
        return recovered;
    }

    IQueryable<ImageJob> Unfinished(Guid jobId) => db.Jobs.Where(j => j.Id == jobId && UnfinishedStates.Contains(j.State));

    bool Applied(Guid jobId, JobState state, int changed = 1, string? note = null)
    {
        if (changed == 0) return false;
        feed.Changed(jobId, state, note);
        // An end may end the job's batch: the batch loop looks (it skips the database while no batch is open).
        if (state is JobState.Completed or JobState.Failed or JobState.Cancelled) outbox.JobEnded();
        // Queued: the outbox sends it. Completed, Failed: the outbox announces it. Processing: room in the broker
        // (Jobs:MaxWaitingInBroker) for the next. Cancelled: nothing to send.
        if (state == JobState.Cancelled || (state == JobState.Processing && options.Value.MaxWaitingInBroker == 0)) return true;
        outbox.JobsChanged();
        return true;
    }

    /// <summary>On the job's timeline when the change applied; passes <paramref name="applied"/> on.</summary>
    bool Recorded(Guid jobId, string kind, string? detail, string? source, DateTime? at, bool applied)
    {
        if (applied) timeline.Record(jobId, kind, detail, source, at);
        return applied;
    }

    /// <summary>A Queued job whose message did not reach the broker after all (a dead letter found Queued): the outbox sends it again.</summary>
    public async Task SendAgainAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await db.Jobs.Where(j => j.Id == jobId && j.State == JobState.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.PublishedAt, (DateTime?)null).SetProperty(j => j.DispatchLeaseUntil, (DateTime?)null),
                cancellationToken);
        outbox.JobsChanged();
    }
}
