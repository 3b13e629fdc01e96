using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Queues.Api.Jobs;

/// <summary>What one sweep did: whether this replica held the lease, and what it deleted.</summary>
public sealed record RetentionSweep(bool HeldLease, int Jobs, int Objects);

/// <summary>
/// Deletes finished jobs (Completed, Failed, Cancelled; never Queued or Processing) older than
/// <see cref="RetentionOptions.MaxAge"/>, with their stored objects. Every replica runs it; the one holding the
/// "retention" lease in the jobs database deletes, the others only look at the lease. A job whose end has not
/// been announced yet (<see cref="ImageJob.NotifiedAt"/>) waits for its announcement: deleting it would lose its
/// notification. Each job goes by <see cref="JobControl.DeleteExpiredAsync"/>, the delete path the endpoints use.
/// </summary>
public sealed class RetentionSweeper(IServiceScopeFactory scopes, ReplicaIdentity replica, RetentionMetrics metrics, TimeProvider clock,
    IOptions<RetentionOptions> options, ILogger<RetentionSweeper> logger) : BackgroundService
{
    public const string LeaseName = "retention";

    /// <summary>This sweeper in the lease: the replica, and which sweeper of it (a test runs two in one process).</summary>
    public string Holder { get; } = $"{replica.Id}/{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = options.Value;
        if (!retention.Enabled) return;
        logger.LogInformation("Retention on: jobs finished over {MaxAge} ago are deleted with their objects; looking every {Seconds} s as {Holder}",
            retention.MaxAge, retention.Interval, Holder);
        using var timer = new PeriodicTimer(retention.Interval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Retention sweep failed; trying again in {Interval}: {Reason}", retention.Interval, e.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One sweep: batches of expired jobs while this sweeper holds the lease, renewing it before each.</summary>
    public async Task<RetentionSweep> SweepAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value;
        if (!retention.Enabled) return new RetentionSweep(false, 0, 0);
        var cutoff = clock.GetUtcNow().UtcDateTime - retention.MaxAge!.Value;
        int jobs = 0, objects = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.JobsOfEveryTenant();
            if (!await db.TryAcquireLeaseAsync(LeaseName, Holder, clock.GetUtcNow().UtcDateTime, retention.Lease, cancellationToken))
            {
                if (jobs > 0) break; // lost it mid-sweep (a pause longer than the lease): the new holder goes on
                logger.LogDebug("Retention: another replica holds the lease; {Holder} only looked", Holder);
                return new RetentionSweep(false, 0, 0);
            }
            var batch = await Expired(db.Jobs.AsNoTracking(), cutoff).OrderBy(j => j.FinishedAt).Take(retention.BatchSize).ToListAsync(cancellationToken);
            var control = scope.ServiceProvider.GetRequiredService<JobControl>();
            var deletedNow = 0;
            foreach (var job in batch)
            {
                if (await control.DeleteExpiredAsync(job, cutoff, cancellationToken) is not { } removed) continue;
                deletedNow++;
                objects += removed;
                metrics.Deleted(removed);
            }
            jobs += deletedNow;
            if (batch.Count < retention.BatchSize || deletedNow == 0) break;
        }
        if (await HoldsLeaseAsync(cancellationToken))
        {
            await using var scope = scopes.CreateAsyncScope();
            var (batches, batchJobs, batchObjects) = await BatchRetention.SweepAsync(scope.ServiceProvider.JobsOfEveryTenant(),
                scope.ServiceProvider.GetRequiredService<JobControl>(), cutoff, retention.BatchSize, cancellationToken);
            if (batches > 0) logger.LogInformation("Retention: {Batches} batches ended before {Cutoff:u} deleted, with {Jobs} jobs", batches, cutoff, batchJobs);
            jobs += batchJobs;
            objects += batchObjects;
        }
        logger.LogInformation("Retention sweep by {Holder}: {Jobs} jobs finished before {Cutoff:u} deleted, with {Objects} stored objects",
            Holder, jobs, cutoff, objects);
        return new RetentionSweep(true, jobs, objects);
    }

    /// <summary>A batch's jobs go with their batch (<see cref="BatchRetention"/>).</summary>
    static IQueryable<ImageJob> Expired(IQueryable<ImageJob> jobs, DateTime cutoff) =>
        jobs.Where(j => j.FinishedAt < cutoff && j.BatchId == null && (j.State == JobState.Cancelled
            || ((j.State == JobState.Completed || j.State == JobState.Failed) && j.NotifiedAt != null)));

    async Task<bool> HoldsLeaseAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.JobsOfEveryTenant()
            .TryAcquireLeaseAsync(LeaseName, Holder, clock.GetUtcNow().UtcDateTime, options.Value.Lease, cancellationToken);
    }

    /// <summary>A replica stopping hands the lease on at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!options.Value.Enabled) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.JobsOfEveryTenant()
                .ReleaseLeaseAsync(LeaseName, Holder, clock.GetUtcNow().UtcDateTime, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug(e, "Retention lease not released; it runs out by itself");
        }
    }
}
