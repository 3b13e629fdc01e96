using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Dashboard;

namespace Queues.Api.Jobs;

/// <summary>
/// Finds jobs no worker holds any more. A job is Processing on a worker; that worker's heartbeats list the jobs it
/// holds. When the worker is alive and has not listed the job for <see cref="JobsOptions.OrphanAfter"/>, its
/// message is gone with no result (a result announcement lost with a broker node, say), and nothing else would
/// ever move the job: it goes back to Queued, unsent, and the outbox sends it again. A worker that went silent is
/// left to the broker, which gives its unacknowledged messages to another worker. Sending a job twice is safe: the
/// transitions apply its first completion only.
/// </summary>
public sealed class JobWatchdog(IServiceScopeFactory scopes, WorkerRegistry workers, TimeProvider clock,
    IOptions<JobsOptions> options, ILogger<JobWatchdog> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>Processing jobs missing from their worker's heartbeats, and since when (in this replica's memory).</summary>
    readonly Dictionary<(Guid Job, string Worker, int Attempts), DateTimeOffset> missing = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Looking for orphaned jobs failed; trying again in {Seconds} s", Interval.TotalSeconds);
            }
        }
    }

    /// <summary>One look: returns how many jobs were sent again.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        var processing = await db.Jobs.AsNoTracking().Where(j => j.State == JobState.Processing && j.WorkerId != null)
            .Select(j => new { j.Id, j.WorkerId, j.Attempts }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var online = workers.All().Where(w => w.Online).ToDictionary(w => w.WorkerId);
        var seen = new HashSet<(Guid, string, int)>();
        var resent = 0;
        foreach (var job in processing)
        {
            if (!online.TryGetValue(job.WorkerId!, out var worker) || worker.CurrentJobs.Contains(job.Id)) continue;
            var key = (job.Id, job.WorkerId!, job.Attempts);
            seen.Add(key);
            if (!missing.TryGetValue(key, out var since)) missing[key] = since = now;
            if (now - since < options.Value.OrphanAfter) continue;
            if (await scope.ServiceProvider.GetRequiredService<JobTransitions>().OrphanedAsync(job.Id, job.WorkerId!, job.Attempts, cancellationToken))
            {
                resent++;
                logger.LogWarning("Job {JobId} was Processing on {WorkerId}, which has not held it for {Seconds} s: sent again",
                    job.Id, job.WorkerId, (now - since).TotalSeconds);
            }
        }
        foreach (var gone in missing.Keys.Where(k => !seen.Contains(k)).ToList()) missing.Remove(gone);
        return resent;
    }
}
