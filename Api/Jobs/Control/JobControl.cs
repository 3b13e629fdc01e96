using MassTransit;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Broker;
using Queues.Contracts;
using Queues.ServiceDefaults.Storage;

namespace Queues.Api.Jobs;

/// <summary>What a cancel or delete found: the job's state afterwards, or null when there is no such job.</summary>
public sealed record ControlOutcome(JobState? State)
{
    public bool Found => State is not null;
}

/// <summary>
/// Cancel and delete, for one job: the endpoints, the bulk actions and the worker's late start all come here. The state
/// change itself is <see cref="JobTransitions"/>'; this adds what follows it: telling the workers, removing stored objects.
/// </summary>
public sealed class JobControl(JobsDbContext db, JobTransitions transitions, IPublishEndpoint publish, IObjectStore store,
    IDeadLetterQueue deadLetters, TimeProvider clock, OutboxSignal outbox, ILogger<JobControl> logger)
{
    static readonly TimeSpan AnnounceTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Queued|Processing → Cancelled, then every worker is told. Cancelling a cancelled job changes nothing (and tells them again).</summary>
    public async Task<ControlOutcome> CancelAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var moved = await transitions.CancelAsync(jobId, cancellationToken);
        var state = await StateOf(jobId, cancellationToken);
        if (moved || state == JobState.Cancelled) await AnnounceAsync(jobId, cancellationToken);
        return new ControlOutcome(state);
    }

    /// <summary>
    /// Best effort: a job not yet sent needs no announcement (the outbox skips it), and one whose worker did not hear it
    /// is announced again when its start event arrives (<see cref="MarkJobProcessingConsumer"/>).
    /// </summary>
    public async Task AnnounceAsync(Guid jobId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnnounceTimeout);
        try
        {
            await publish.Publish(new JobCancelled(jobId, clock.GetUtcNow().UtcDateTime), timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Cancellation of job {JobId} not announced to the workers: {Reason}", jobId, e.Message);
        }
    }

    /// <summary>
    /// Failed → Queued. If the error queue still holds this job's dead letter, that message goes back (and no second one
    /// is sent); otherwise the outbox sends a new command. False when the job was not Failed. Throws when the broker is down.
    /// </summary>
    public async Task<bool> RetryAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var replay = await deadLetters.ReplayAsync(jobId, cancellationToken);
        return replay.JobIds.Contains(jobId) || await transitions.RequeueAsync(jobId, alreadySent: false, cancellationToken);
    }

    /// <summary>An unfinished job is cancelled first; then its stored objects go, then its row. Throws when storage fails, leaving the row.</summary>
    public async Task<ControlOutcome> DeleteAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null) return new ControlOutcome(null);
        if (!job.IsFinished) await CancelAsync(jobId, cancellationToken);
        foreach (var key in StoredKeys(job)) await store.DeleteAsync(key, cancellationToken);
        if (job.BatchId is not { } batchId) await transitions.DeleteAsync(jobId, cancellationToken);
        else
        {
            // One job fewer for an open batch to wait for, with the row: either both or neither.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await transitions.DeleteAsync(jobId, cancellationToken)) await BatchRules.LeaveAsync(db, batchId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            outbox.JobEnded();
        }
        return new ControlOutcome(job.State);
    }

    /// <summary>
    /// Retention (<see cref="RetentionSweeper"/>): the row first, and only while the job is still finished before the
    /// cut-off (someone may have retried it since the sweep read it); then its objects. Returns how many objects went,
    /// or null when the row stayed. An object the store fails to delete is logged and left, rather than keeping a row
    /// that every sweep would find again.
    /// </summary>
    public async Task<int?> DeleteExpiredAsync(ImageJob job, DateTime finishedBefore, CancellationToken cancellationToken)
    {
        if (!await transitions.DeleteAsync(job.Id, cancellationToken, finishedBefore)) return null;
        var deleted = 0;
        foreach (var key in StoredKeys(job))
        {
            try
            {
                await store.DeleteAsync(key, cancellationToken);
                deleted++;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Job {JobId} deleted by retention, but not its object {Key}: {Reason}", job.Id, key, e.Message);
            }
        }
        return deleted;
    }

    /// <summary>Every object the job put in storage.</summary>
    public static IEnumerable<string> StoredKeys(ImageJob job)
    {
        yield return job.OriginalKey;
        if (job.PreviewKey is { } preview) yield return preview;
        if (job.ResultKey is { } result) yield return result;
        // Every rendition's result; the first one's is also the job's ResultKey, deleted once.
        if (job.Renditions is { } renditions)
            foreach (var key in JobRenditions.Read(renditions).Select(r => r.Result?.ResultKey).OfType<string>().Where(k => k != job.ResultKey))
                yield return key;
    }

    Task<JobState?> StateOf(Guid jobId, CancellationToken cancellationToken) =>
        db.Jobs.Where(j => j.Id == jobId).Select(j => (JobState?)j.State).FirstOrDefaultAsync(cancellationToken);
}
