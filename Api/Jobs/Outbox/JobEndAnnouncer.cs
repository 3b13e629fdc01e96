using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Broker;
using Queues.Api.Observability;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>
/// The outbox's announce loop: publishes <see cref="JobCompleted"/> or <see cref="JobFailed"/> for every finished job
/// not yet announced, then marks it announced. A job's end is announced once however often the worker's events
/// arrived, and a crash between the transition and the publish loses nothing: the row still says "not announced".
/// Only a crash between the publish and the mark, or a publish that failed after the broker took it, can announce a
/// job twice. Rows are leased like the sends; after a failed publish only the jobs not yet announced go back.
/// </summary>
public sealed class JobEndAnnouncer(IServiceScopeFactory scopes, IOptions<OutboxOptions> outbox, OutboxSignal signal, OutboxChannel channel,
    JobTimeline timeline, TimeProvider clock, ILogger<JobEndAnnouncer> logger) : OutboxLoop(signal.Ends, outbox, logger)
{
    long announced;

    /// <summary>Announcements this process published: the standalone stop waits for its own notifier to have heard them all.</summary>
    public long Announced => Interlocked.Read(ref announced);

    protected override async Task<int> RunBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var count = await AnnounceBatchAsync(scope.ServiceProvider, cancellationToken);
            if (count > 0 && BrokerAway) logger.LogInformation("Broker reachable again; announcing the jobs that waited");
            if (count > 0) BrokerAway = false;
            return count;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (!BrokerAway) logger.LogWarning("Broker unavailable, finished jobs wait to be announced: {Reason}", e.Message);
            BrokerAway = true;
            return 0;
        }
    }

    /// <summary>Announces one batch; returns how many jobs were announced.</summary>
    async Task<int> AnnounceBatchAsync(IServiceProvider scoped, CancellationToken cancellationToken)
    {
        var db = scoped.JobsOfEveryTenant();
        var now = clock.GetUtcNow().UtcDateTime;
        var owner = Guid.NewGuid();
        var claimed = await db.Jobs
            .Where(j => j.NotifiedAt == null && (j.State == JobState.Completed || j.State == JobState.Failed)
                && (j.DispatchLeaseUntil == null || j.DispatchLeaseUntil < now))
            .OrderBy(j => j.FinishedAt).Take(Options.BatchSize)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.DispatchLeaseOwner, owner).SetProperty(j => j.DispatchLeaseUntil, now + Options.Lease), cancellationToken);
        if (claimed == 0) return 0;

        var jobs = await Leased(db, owner).AsNoTracking().ToListAsync(cancellationToken);
        var published = new ConcurrentBag<Guid>();
        try
        {
            var publishing = Task.WhenAll(jobs.Select(j => PublishAsync(channel, j, published, timeline, clock, cancellationToken)));
            // On a cluster publishes can hang on a channel the broker rejects them on (OutboxChannel): a new channel fails them, and they go back.
            while (await Task.WhenAny(publishing, Task.Delay(Options.StalledAfter, cancellationToken)) != publishing)
                await channel.ReplaceAsync($"announcements of {jobs.Count} jobs pending for over {Options.StalledAfter.TotalSeconds} s", cancellationToken);
            await publishing;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The ones that went out are announced; only the rest go back. Giving the whole batch back announced every
            // job of it again when one publish failed (30 duplicate JobCompleted in ChaosTests, a broker node crashing).
            await MarkAnnouncedAsync(db, owner, published.ToArray());
            await Leased(db, owner).ExecuteUpdateAsync(s => s.SetProperty(j => j.DispatchLeaseUntil, (DateTime?)null), CancellationToken.None);
            throw;
        }
        await MarkAnnouncedAsync(db, owner, published.ToArray());
        return jobs.Count;
    }

    async Task MarkAnnouncedAsync(JobsDbContext db, Guid owner, Guid[] ids)
    {
        if (ids.Length == 0) return;
        Interlocked.Add(ref announced, ids.Length);
        var announcedAt = clock.GetUtcNow().UtcDateTime;
        await Leased(db, owner).Where(j => ids.Contains(j.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.NotifiedAt, announcedAt).SetProperty(j => j.DispatchLeaseUntil, (DateTime?)null),
                CancellationToken.None);
    }

    /// <summary>
    /// The batch's rows. "Not announced" is what lets the (NotifiedAt, State) index find them: by the owner alone, each
    /// of these statements read the whole table, and the last ones did so holding SQLite's write lock, so that every
    /// upload waited behind them (at 1M rows, upload p50 70.9 → 9.4 ms side by side; QueryPlanTests).
    /// </summary>
    static IQueryable<ImageJob> Leased(JobsDbContext db, Guid owner) =>
        db.Jobs.Where(j => j.NotifiedAt == null && j.DispatchLeaseOwner == owner);

    /// <summary>Under the job's own trace, like its send: the notifier's work shows in the trace of the upload.</summary>
    /// <summary>On the timeline at the publish's start: the notifier may try the webhook before the publish returns.</summary>
    static async Task PublishAsync(OutboxChannel publish, ImageJob job, ConcurrentBag<Guid> published, JobTimeline timeline, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow().UtcDateTime;
        await PublishAsync(publish, job, cancellationToken);
        published.Add(job.Id);
        timeline.Record(job.Id, JobEventKinds.Announced,
            JobEventDetail.Of(("event", job.State == JobState.Completed ? nameof(JobCompleted) : nameof(JobFailed))), at: at);
    }

    static async Task PublishAsync(OutboxChannel publish, ImageJob job, CancellationToken cancellationToken)
    {
        using var activity = JobTracing.StartAnnounce(job);
        if (job.State == JobState.Completed) await publish.Publish(JobMessages.Completed(job), cancellationToken);
        else await publish.Publish(JobMessages.Failed(job), cancellationToken);
    }
}
