using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Jobs;
using Queues.Api.Lab;
using Queues.Api.Observability;
using Queues.Components.Notifications;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Dashboard;

/// <summary>
/// Takes a <see cref="LiveSample"/> every <see cref="DashboardOptions.LiveSampleInterval"/>: depth from the queue gauges'
/// last poll (so the charts and /metrics show the same numbers, and the broker is asked once), workers from the
/// heartbeats, completions and p95 from the jobs table, which every replica shares. Only while someone looks: in lab mode
/// always (the class watches), otherwise for a <see cref="DashboardOptions.LiveWindow"/> after a dashboard last read
/// GET /live, so an Api nobody watches spends nothing on it.
/// </summary>
public sealed class LiveSampler(
    IServiceScopeFactory scopes,
    LiveSeries series,
    QueueGauges gauges,
    WorkerRegistry workers,
    IOptions<DashboardOptions> options,
    IOptions<LabOptions> lab,
    TimeProvider clock,
    ILogger<LiveSampler> logger) : BackgroundService
{
    /// <summary>
    /// Completions and p95 over a sliding window rather than per sample: a 2 s slice holds a handful of jobs at classroom rates,
    /// so its p95 would jump with every job, and a job whose row is written just after a sample would be missed by both.
    /// </summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LiveSampleInterval, clock);
        do
        {
            if (!lab.Value.Enabled && !series.IsWatched) continue;
            try
            {
                series.Add(await SampleAsync(stoppingToken));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A gap in the charts says the jobs table could not be read; the next tick tries again.
                logger.LogDebug("Live sample skipped: {Reason}", e.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<LiveSample> SampleAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var from = now - RateWindow;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        // A range read of the (State, FinishedAt) index: the jobs completed in the window, a few hundred at most.
        var endToEnd = await db.Jobs.AsNoTracking().Where(j => j.State == JobState.Completed && j.FinishedAt > from)
            .Select(j => new { j.QueuedAt, j.FinishedAt }).ToListAsync(cancellationToken);
        var queue = gauges.Latest.FirstOrDefault(r => r.Queue == QueueNames.ProcessImage);
        return new LiveSample(now, queue?.Ready, queue?.Unacked, workers.All().Count(w => w.Online),
            Math.Round(endToEnd.Count / RateWindow.TotalSeconds, 2),
            endToEnd.Count == 0 ? null : Percentiles.Of(endToEnd.Select(j => (j.FinishedAt!.Value - j.QueuedAt).TotalMilliseconds)).P95);
    }
}
