using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Dashboard;
using Queues.Api.Jobs;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Observability;

/// <summary>
/// Polls queue depth for the gauges: from the RabbitMQ management API in distributed mode, from the jobs
/// table in standalone mode (the in-memory bus shows nothing outside the process). The age of the oldest
/// waiting job always comes from the jobs table, which knows when each job was queued; a broker does not.
/// </summary>
public sealed class QueueProbe(
    IServiceScopeFactory scopes,
    QueueGauges gauges,
    TenantActivity tenants,
    IOptions<QueueMetricsOptions> options,
    IOptions<BusOptions> bus,
    TimeProvider clock,
    ILogger<QueueProbe> logger) : BackgroundService
{
    public const string JobsTableSource = "jobs-table", RabbitMqSource = "rabbitmq";
    bool failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        do
        {
            try
            {
                gauges.Update(await ReadAsync(stoppingToken));
                gauges.UpdateTenants(await tenants.ReadAsync(stoppingToken), options.Value.TopTenants);
                if (failing) logger.LogInformation("Queue metrics available again");
                failing = false;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // No value rather than a stale one: a flat line in a graph would hide the outage.
                gauges.Update([]);
                gauges.UpdateTenants([], options.Value.TopTenants);
                if (!failing) logger.LogWarning("Queue metrics unavailable, retrying every {Interval}: {Reason}", options.Value.PollInterval, e.Message);
                failing = true;
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    async Task<IReadOnlyList<QueueReading>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        // The states by name, not "not Completed": SQLite reads an IN list from the state indexes, where != would read
        // every entry of them, a million at a million jobs, every poll.
        var states = await db.Jobs.Where(j => j.State == JobState.Queued || j.State == JobState.Processing || j.State == JobState.Failed)
            .GroupBy(j => j.State)
            .Select(g => new { State = g.Key, Count = g.LongCount(), OldestQueued = g.Min(j => j.QueuedAt), OldestFinished = g.Min(j => j.FinishedAt) })
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        long Count(JobState state) => states.FirstOrDefault(s => s.State == state)?.Count ?? 0;
        double? Age(DateTime? since) => since is { } t ? Math.Round(Math.Max(0, (now - t).TotalSeconds), 3) : null;
        var queuedAge = Age(states.FirstOrDefault(s => s.State == JobState.Queued)?.OldestQueued);
        var failedAge = Age(states.FirstOrDefault(s => s.State == JobState.Failed)?.OldestFinished);

        if (bus.Value.IsInMemory)
            return
            [
                new(QueueNames.ProcessImage, JobsTableSource, Count(JobState.Queued), Count(JobState.Processing), null, queuedAge),
                new(QueueNames.ProcessImageErrors, JobsTableSource, Count(JobState.Failed), 0, null, failedAge),
            ];

        // Distributed: the management API client the Api registers for GET /queues (Bus:ManagementUrl).
        var queues = await scope.ServiceProvider.GetRequiredService<RabbitMqManagementClient>().GetQueuesAsync(cancellationToken);
        QueueReading? Read(string name) => queues.FirstOrDefault(q => q.Name == name) is { } q
            ? new QueueReading(name, RabbitMqSource, q.Ready, q.Unacknowledged, q.Consumers, null)
            : null; // not declared yet: no consumer or sender of it has started
        var work = Read(QueueNames.ProcessImage);
        var errors = Read(QueueNames.ProcessImageErrors);
        List<QueueReading> readings = [];
        if (work is not null) readings.Add(work with { OldestAgeSeconds = queuedAge });
        // A purged or replayed error queue leaves the jobs Failed: report an age only while the broker holds messages.
        if (errors is not null) readings.Add(errors with { OldestAgeSeconds = errors.Ready > 0 ? failedAge : null });
        return readings;
    }
}
