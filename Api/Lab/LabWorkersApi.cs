using Microsoft.AspNetCore.Http.HttpResults;
using Queues.Api.Dashboard;

namespace Queues.Api.Lab;

/// <summary>
/// POST /lab/workers and DELETE /lab/workers/{id}: start a worker through the app host, kill or stop one by its PID;
/// POST /lab/workers/{id}/concurrency: restart one with another concurrency and prefetch.
/// </summary>
public static class LabWorkersApi
{
    static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60), KillLimit = TimeSpan.FromSeconds(15), TermLimit = TimeSpan.FromSeconds(90);

    public static RouteGroupBuilder MapLabWorkers(this RouteGroupBuilder lab)
    {
        lab.MapPost("/workers", Add)
            .WithSummary("Start one more worker (the app host's lowest-numbered worker not running); answers once its first heartbeat arrives");
        lab.MapDelete("/workers/{id}", Stop)
            .WithSummary("Kill a worker (signal=kill, SIGKILL: its jobs are redelivered) or stop it (signal=term: it finishes them first)")
            .WithDescription("id: worker-N, or busiest (the worker holding the most jobs). Answers once the process is gone.");
        lab.MapPost("/workers/{id}/concurrency", Restart)
            .WithSummary("Restart a worker with another concurrency: it finishes the jobs it holds (SIGTERM), then starts again with " +
                "Worker__Concurrency and Bus__PrefetchCount (through the app host); answers once its heartbeat reports the new value")
            .WithDescription("value: images at once, 1-64; prefetch: messages it may hold, from value to 1000 (default: value). " +
                "A restart, not a live change: MassTransit sets a receive endpoint's concurrency and prefetch when it starts.");
        return lab;
    }

    public static async Task<IReadOnlyList<LabWorker>> WorkersAsync(LabControl control, WorkerRegistry registry, CancellationToken cancellationToken)
    {
        var heard = registry.All().ToDictionary(w => w.WorkerId);
        return (await control.WorkersAsync(cancellationToken)).Select(w => new LabWorker(w.Name, w.Pid ?? 0,
            w.Running && w.Pid is { } pid && LabControl.Alive(pid), heard.GetValueOrDefault(w.Name)?.Status,
            heard.GetValueOrDefault(w.Name)?.InFlight ?? 0, heard.GetValueOrDefault(w.Name)?.ConcurrencyLimit)).ToList();
    }

    static async Task<Results<Ok<LabActionDone>, ProblemHttpResult>> Add(LabControl control, WorkerRegistry registry, LabMarkers markers,
        CancellationToken cancellationToken)
    {
        // The lowest-numbered worker not running: a killed one's replacement first, then a spare (Queues:MaxWorkers).
        var next = (await control.ResourcesAsync(cancellationToken))
            .Where(r => LabControl.WorkerNumber(r.Name) is not null && !r.Running)
            .MinBy(r => LabControl.WorkerNumber(r.Name));
        if (next is null)
            return LabProblems.Problem(409, "No worker left to start", "Every worker the app host has runs (Queues:MaxWorkers).");
        var (pid, problem) = await StartedAsync(control, next.Name, null, registry, _ => true, cancellationToken);
        if (problem is not null) return problem;
        var marker = markers.Add($"{next.Name} added", $"pid {pid}");
        return TypedResults.Ok(new LabActionDone(marker.Label, marker.Detail!,
            (await WorkersAsync(control, registry, cancellationToken)).FirstOrDefault(w => w.Id == next.Name)));
    }

    static async Task<Results<Ok<LabActionDone>, ProblemHttpResult>> Restart(string id, int value, int? prefetch, LabControl control,
        WorkerRegistry registry, LabMarkers markers, CancellationToken cancellationToken)
    {
        var held = prefetch ?? value;
        if (value is < 1 or > 64 || held < value || held > 1000)
            return LabProblems.Problem(400, "Invalid concurrency", "value is 1-64 images at once; prefetch, when given, from value to 1000.");
        var worker = (await WorkersAsync(control, registry, cancellationToken)).FirstOrDefault(w => w.Alive && w.Id == id);
        if (worker is null) return LabProblems.Problem(409, "No such worker running", $"{id} is not running.");

        await LabControl.SignalAsync(worker.Pid, "TERM", cancellationToken);
        if (!await LabControl.WaitForAsync(() => Task.FromResult(!LabControl.Alive(worker.Pid)), TermLimit, cancellationToken))
            return LabProblems.Timeout($"{id} (pid {worker.Pid}) still runs {TermLimit.TotalSeconds:0} s after SIGTERM.");
        var settings = new Dictionary<string, string> { ["Worker__Concurrency"] = value.ToString(), ["Bus__PrefetchCount"] = held.ToString() };
        var (pid, problem) = await StartedAsync(control, id, settings, registry, heard => heard.ConcurrencyLimit == value, cancellationToken);
        if (problem is not null) return problem;
        var marker = markers.Add($"{id} concurrency {value}", $"prefetch {held}, pid {pid} (was pid {worker.Pid}, concurrency {worker.Concurrency})");
        return TypedResults.Ok(new LabActionDone(marker.Label, marker.Detail!,
            (await WorkersAsync(control, registry, cancellationToken)).FirstOrDefault(w => w.Id == id)));
    }

    /// <summary>
    /// Starts worker <paramref name="id"/> through the app host (with <paramref name="settings"/>), and answers once it
    /// takes jobs: its heartbeat, from that very process and saying what <paramref name="reports"/> wants, has reached
    /// this Api. A problem if the app host could not start it, the process exited or no heartbeat came.
    /// </summary>
    static async Task<(int Pid, ProblemHttpResult? Problem)> StartedAsync(LabControl control, string id, IReadOnlyDictionary<string, string>? settings,
        WorkerRegistry registry, Func<WorkerView, bool> reports, CancellationToken cancellationToken)
    {
        var started = await control.CommandAsync(id, "start", settings, cancellationToken);
        if (!started.Success || started.Pid is not { } pid) return (0, LabProblems.ControlFailed(started));
        var online = await LabControl.WaitForAsync(() => Task.FromResult(
            registry.All().Any(w => w.WorkerId == id && w.ProcessId == pid && w.Online && reports(w)) || !LabControl.Alive(pid)),
            StartLimit, cancellationToken);
        if (!LabControl.Alive(pid))
            return (pid, LabProblems.Problem(500, "Worker exited", $"{id} (pid {pid}) exited at start; see its log (the run folder's logs/{id}.log)."));
        return online ? (pid, null)
            : (pid, LabProblems.Timeout($"{id} started (pid {pid}) but no heartbeat reached the Api within {StartLimit.TotalSeconds:0} s: is the broker up?"));
    }

    static async Task<Results<Ok<LabActionDone>, ProblemHttpResult>> Stop(string id, string? signal, LabControl control,
        WorkerRegistry registry, LabMarkers markers, CancellationToken cancellationToken)
    {
        signal = (signal ?? "kill").ToLowerInvariant();
        if (signal is not ("kill" or "term")) return LabProblems.Problem(400, "Invalid signal", "signal is kill (SIGKILL) or term (SIGTERM).");
        var running = (await WorkersAsync(control, registry, cancellationToken)).Where(w => w.Alive).ToList();
        var worker = id == "busiest"
            ? running.Where(w => w.Status == WorkerStatus.Online).OrderByDescending(w => w.InFlight).FirstOrDefault()
            : running.FirstOrDefault(w => w.Id == id);
        if (worker is null)
            return LabProblems.Problem(409, "No such worker running",
                id == "busiest" ? "No running worker is online (heartbeating) to choose from." : $"{id} is not running.");

        await LabControl.SignalAsync(worker.Pid, signal.ToUpperInvariant(), cancellationToken);
        var limit = signal == "kill" ? KillLimit : TermLimit;
        if (!await LabControl.WaitForAsync(() => Task.FromResult(!LabControl.Alive(worker.Pid)), limit, cancellationToken))
            return LabProblems.Timeout($"{worker.Id} (pid {worker.Pid}) still runs {limit.TotalSeconds:0} s after SIG{signal.ToUpperInvariant()}.");
        var marker = markers.Add($"{worker.Id} {(signal == "kill" ? "killed" : "stopped")}",
            $"SIG{signal.ToUpperInvariant()}, pid {worker.Pid}, {worker.InFlight} jobs held");
        return TypedResults.Ok(new LabActionDone(marker.Label, marker.Detail!, worker with { Alive = false }));
    }
}
