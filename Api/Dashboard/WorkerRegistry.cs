using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Queues.Contracts;

namespace Queues.Api.Dashboard;

public sealed record WorkerView(
    string WorkerId, string MachineName, int ProcessId, bool Online, int ConcurrencyLimit, int InFlight,
    Guid[] CurrentJobs, long Completed, long Failed, DateTime FirstSeen, DateTime LastSeen, bool Paused = false);

/// <summary>A worker came online, went silent, or was forgotten after a long silence.</summary>
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

    public void Heard(WorkerHeartbeat beat)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var previous = workers.TryGetValue(beat.WorkerId, out var known) ? known : null;
        workers[beat.WorkerId] = new WorkerView(beat.WorkerId, beat.MachineName, beat.ProcessId, true, beat.ConcurrencyLimit,
            beat.InFlight, beat.CurrentJobs, beat.Completed, beat.Failed, previous?.FirstSeen ?? now, now, beat.Paused);
        if (previous is null || !previous.Online) changes.Send(new WorkerChange(beat.WorkerId, "online", now));
    }

    /// <summary>Marks silent workers offline and forgets long-silent ones; called every second by <see cref="WorkerSweeper"/>.</summary>
    public void Sweep()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var worker in workers.Values)
        {
            var silence = now - worker.LastSeen;
            if (silence > options.Value.WorkerForgetAfter)
            {
                if (workers.TryRemove(worker.WorkerId, out _)) changes.Send(new WorkerChange(worker.WorkerId, "forgotten", now));
            }
            else if (worker.Online && silence > options.Value.WorkerOfflineAfter
                     && workers.TryUpdate(worker.WorkerId, worker with { Online = false, InFlight = 0, CurrentJobs = [] }, worker))
            {
                changes.Send(new WorkerChange(worker.WorkerId, "offline", now));
            }
        }
    }

    public IReadOnlyList<WorkerView> All() =>
        workers.Values.OrderByDescending(w => w.Online).ThenBy(w => w.WorkerId, StringComparer.Ordinal).ToList();
}

/// <summary>Notices silence: a killed worker sends nothing, so offline can only be found by looking at the clock.</summary>
public sealed class WorkerSweeper(WorkerRegistry registry, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken)) registry.Sweep();
    }
}
