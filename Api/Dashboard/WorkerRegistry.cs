using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Options;
using Queues.Contracts;

namespace Queues.Api.Dashboard;

/// <param name="Status">
/// <see cref="WorkerStatus.Online"/>; <see cref="WorkerStatus.Stopped"/> (it said it was stopping);
/// <see cref="WorkerStatus.Crashed"/> (silent while this replica hears the broker: killed or hung); or
/// <see cref="WorkerStatus.Unreachable"/> (silent while the broker is away from this replica, so its heartbeats cannot arrive).
/// </param>
public sealed record WorkerView(
    string WorkerId, string MachineName, int ProcessId, bool Online, int ConcurrencyLimit, int InFlight,
    Guid[] CurrentJobs, long Completed, long Failed, DateTime FirstSeen, DateTime LastSeen, bool Paused = false,
    long Retried = 0, string Status = WorkerStatus.Online);

public static class WorkerStatus
{
    public const string Online = "online", Stopped = "stopped", Crashed = "crashed", Unreachable = "unreachable";
}

/// <summary>A worker came online, stopped, went silent (crashed or unreachable), or was forgotten after a long silence.</summary>
public sealed record WorkerChange(string WorkerId, string Change, DateTime At);

/// <summary>
/// The workers this API replica has heard from, built from heartbeats. In memory on purpose: every replica
/// receives every heartbeat on its own temporary queue, so each one has the whole picture and none needs to share.
/// </summary>
public sealed class WorkerRegistry(TimeProvider clock, IOptions<DashboardOptions> options)
{
    readonly ConcurrentDictionary<string, WorkerView> workers = new();
    readonly Broadcast<WorkerChange> changes = new();

    public IAsyncEnumerable<WorkerChange> Subscribe(CancellationToken cancellationToken) => changes.Subscribe(cancellationToken);

    /// <summary>When this replica last heard the broker again after losing it; until the workers' next beats, silence proves nothing.</summary>
    DateTime? brokerBackAt;
    bool brokerAway;

    public void Heard(WorkerHeartbeat beat)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var previous = workers.TryGetValue(beat.WorkerId, out var known) ? known : null;
        var status = beat.Stopping ? WorkerStatus.Stopped : WorkerStatus.Online;
        workers[beat.WorkerId] = new WorkerView(beat.WorkerId, beat.MachineName, beat.ProcessId, !beat.Stopping, beat.ConcurrencyLimit,
            beat.Stopping ? 0 : beat.InFlight, beat.Stopping ? [] : beat.CurrentJobs, beat.Completed, beat.Failed, previous?.FirstSeen ?? now, now,
            beat.Paused, beat.Retried, status);
        if (previous?.Status != status) changes.Send(new WorkerChange(beat.WorkerId, status, now));
    }

    /// <summary>
    /// Marks silent workers crashed, or unreachable while <paramref name="brokerReachable"/> is false (and for a
    /// moment after it is back), and forgets long-silent ones; called every second by <see cref="WorkerSweeper"/>.
    /// </summary>
    public void Sweep(bool brokerReachable = true)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (brokerAway && brokerReachable) brokerBackAt = now;
        brokerAway = !brokerReachable;
        var offlineAfter = options.Value.WorkerOfflineAfter;
        var heardAgain = brokerReachable && (brokerBackAt is not { } back || now - back > offlineAfter);
        foreach (var worker in workers.Values)
        {
            var silence = now - worker.LastSeen;
            var silent = heardAgain ? WorkerStatus.Crashed : WorkerStatus.Unreachable;
            if (silence > options.Value.WorkerForgetAfter)
            {
                if (workers.TryRemove(worker.WorkerId, out _)) changes.Send(new WorkerChange(worker.WorkerId, "forgotten", now));
            }
            else if (silence > offlineAfter && (worker.Online || (worker.Status == WorkerStatus.Unreachable && silent == WorkerStatus.Crashed))
                     && workers.TryUpdate(worker.WorkerId, worker with { Online = false, InFlight = 0, CurrentJobs = [], Status = silent }, worker))
            {
                changes.Send(new WorkerChange(worker.WorkerId, silent, now));
            }
        }
    }

    public IReadOnlyList<WorkerView> All() =>
        workers.Values.OrderByDescending(w => w.Online).ThenBy(w => w.WorkerId, StringComparer.Ordinal).ToList();
}

/// <summary>
/// Notices silence: a killed worker sends nothing, so it can only be found by looking at the clock. Whether this
/// replica's bus is healthy tells a crash from a broker this replica cannot reach.
/// </summary>
public sealed class WorkerSweeper(WorkerRegistry registry, TimeProvider clock, IBusControl? bus = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            registry.Sweep(bus is null || bus.CheckHealth().Status != BusHealthStatus.Unhealthy);
    }
}
