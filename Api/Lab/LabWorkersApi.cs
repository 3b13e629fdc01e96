using Microsoft.AspNetCore.Http.HttpResults;
using Queues.Api.Dashboard;

namespace Queues.Api.Lab;

/// <summary>
/// POST /lab/workers and DELETE /lab/workers/{id}: add a worker with scale_workers.sh, kill or stop one by its PID file;
/// POST /lab/workers/{id}/concurrency: restart one with another concurrency and prefetch.
/// </summary>
public static class LabWorkersApi
{
    static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60), KillLimit = TimeSpan.FromSeconds(15), TermLimit = TimeSpan.FromSeconds(90);

    public static RouteGroupBuilder MapLabWorkers(this RouteGroupBuilder lab)
    {
        lab.MapPost("/workers", Add)
            .WithSummary("Start one more worker (scripts/scale_workers.sh add); answers once its first heartbeat arrives");
        lab.MapDelete("/workers/{id}", Stop)
            .WithSummary("Kill a worker (signal=kill, SIGKILL: its jobs are redelivered) or stop it (signal=term: it finishes them first)")
            .WithDescription("id: worker-N, or busiest (the worker holding the most jobs). Answers once the process is gone.");
        lab.MapPost("/workers/{id}/concurrency", Restart)
            .WithSummary("Restart a worker with another concurrency: it finishes the jobs it holds (SIGTERM), then starts again with " +
                "Worker__Concurrency and Bus__PrefetchCount (scripts/scale_workers.sh start N); answers once its heartbeat reports the new value")
            .WithDescription("value: images at once, 1-64; prefetch: messages it may hold, from value to 1000 (default: value). " +
                "A restart, not a live change: MassTransit sets a receive endpoint's concurrency and prefetch when it starts.");
        return lab;
    }

    public static IReadOnlyList<LabWorker> Workers(LabProcesses processes, WorkerRegistry registry)
    {
        var heard = registry.All().ToDictionary(w => w.WorkerId);
        return processes.Workers().Select(w => new LabWorker(w.Id, w.Pid, LabProcesses.Alive(w.Pid),
            heard.GetValueOrDefault(w.Id)?.Status, heard.GetValueOrDefault(w.Id)?.InFlight ?? 0,
            heard.GetValueOrDefault(w.Id)?.ConcurrencyLimit)).ToList();
    }

    static async Task<Results<Ok<LabActionDone>, ProblemHttpResult>> Add(LabProcesses processes, WorkerRegistry registry, LabMarkers markers,
        CancellationToken cancellationToken)
    {
        var run = await processes.RunScriptAsync("scale_workers.sh", StartLimit, cancellationToken, "add");
        var (id, pid, problem) = await StartedAsync(run, "scale_workers.sh add", processes, registry, _ => true, cancellationToken);
        if (problem is not null) return problem;
        var marker = markers.Add($"{id} added", $"pid {pid}");
        return TypedResults.Ok(new LabActionDone(marker.Label, run.Output, Workers(processes, registry).FirstOrDefault(w => w.Id == id)));
    }

    static async Task<Results<Ok<LabActionDone>, ProblemHttpResult>> Restart(string id, int value, int? prefetch, LabProcesses processes,
        WorkerRegistry registry, LabMarkers markers, CancellationToken cancellationToken)
    {
        var held = prefetch ?? value;
        if (value is < 1 or > 64 || held < value || held > 1000)
            return LabProblems.Problem(400, "Invalid concurrency", "value is 1-64 images at once; prefetch, when given, from value to 1000.");
        var worker = Workers(processes, registry).FirstOrDefault(w => w.Alive && w.Id == id);
        if (worker is null) return LabProblems.Problem(409, "No such worker running", $"{id} is not running (run folder's pids/{id}.pid).");

        await LabProcesses.SignalAsync(worker.Pid, "TERM", cancellationToken);
        if (!await LabProcesses.WaitForAsync(() => Task.FromResult(!LabProcesses.Alive(worker.Pid)), TermLimit, cancellationToken))
            return LabProblems.Timeout($"{id} (pid {worker.Pid}) still runs {TermLimit.TotalSeconds:0} s after SIGTERM.");
        var settings = new Dictionary<string, string> { ["Worker__Concurrency"] = value.ToString(), ["Bus__PrefetchCount"] = held.ToString() };
        var number = id["worker-".Length..];
        var run = await processes.RunScriptAsync("scale_workers.sh", ["start", number], settings, StartLimit, cancellationToken);
        var (_, pid, problem) = await StartedAsync(run, $"scale_workers.sh start {number}", processes, registry,
            heard => heard.ConcurrencyLimit == value, cancellationToken);
        if (problem is not null) return problem;
        var marker = markers.Add($"{id} concurrency {value}", $"prefetch {held}, pid {pid} (was pid {worker.Pid}, concurrency {worker.Concurrency})");
        return TypedResults.Ok(new LabActionDone(marker.Label, run.Output, Workers(processes, registry).FirstOrDefault(w => w.Id == id)));
    }

    /// <summary>
    /// The worker a scale_workers.sh run started, once it takes jobs: its heartbeat, from that very process and saying
    /// what <paramref name="reports"/> wants, has reached this Api. A problem if the script failed, the process exited or no heartbeat came.
    /// </summary>
    static async Task<(string Id, int Pid, ProblemHttpResult? Problem)> StartedAsync(LabProcesses.ScriptRun run, string command,
        LabProcesses processes, WorkerRegistry registry, Func<WorkerView, bool> reports, CancellationToken cancellationToken)
    {
        if (run.ExitCode != 0) return ("", 0, LabProblems.ScriptFailed(command, run));
        var known = processes.Workers().Select(w => w.Id).ToHashSet();
        // Its line: "worker-3: pid 1234 on http://…"
        var line = run.Output.Split('\n').FirstOrDefault(l => l.StartsWith("worker-") && l.Contains(": pid "));
        var (id, pid) = line is null ? ("", 0) : (line[..line.IndexOf(':')], int.Parse(line.Split(' ')[2].TrimEnd(',')));
        if (pid == 0 || !known.Contains(id)) return ("", 0, LabProblems.ScriptFailed(command, run));
        var online = await LabProcesses.WaitForAsync(() => Task.FromResult(
            registry.All().Any(w => w.WorkerId == id && w.ProcessId == pid && w.Online && reports(w)) || !LabProcesses.Alive(pid)),
            StartLimit, cancellationToken);
        if (!LabProcesses.Alive(pid))
            return (id, pid, LabProblems.Problem(500, "Worker exited", $"{id} (pid {pid}) exited at start; see its log in the run folder."));
        return online ? (id, pid, null)
            : (id, pid, LabProblems.Timeout($"{id} started (pid {pid}) but no heartbeat reached the Api within {StartLimit.TotalSeconds:0} s: is the broker up?"));
    }

    static async Task<Results<Ok<LabActionDone>, ProblemHttpResult>> Stop(string id, string? signal, LabProcesses processes,
        WorkerRegistry registry, LabMarkers markers, CancellationToken cancellationToken)
    {
        signal = (signal ?? "kill").ToLowerInvariant();
        if (signal is not ("kill" or "term")) return LabProblems.Problem(400, "Invalid signal", "signal is kill (SIGKILL) or term (SIGTERM).");
        var running = Workers(processes, registry).Where(w => w.Alive).ToList();
        var worker = id == "busiest"
            ? running.Where(w => w.Status == WorkerStatus.Online).OrderByDescending(w => w.InFlight).FirstOrDefault()
            : running.FirstOrDefault(w => w.Id == id);
        if (worker is null)
            return LabProblems.Problem(409, "No such worker running",
                id == "busiest" ? "No running worker is online (heartbeating) to choose from." : $"{id} is not running (run folder's pids/{id}.pid).");

        await LabProcesses.SignalAsync(worker.Pid, signal.ToUpperInvariant(), cancellationToken);
        var limit = signal == "kill" ? KillLimit : TermLimit;
        if (!await LabProcesses.WaitForAsync(() => Task.FromResult(!LabProcesses.Alive(worker.Pid)), limit, cancellationToken))
            return LabProblems.Timeout($"{worker.Id} (pid {worker.Pid}) still runs {limit.TotalSeconds:0} s after SIG{signal.ToUpperInvariant()}.");
        var marker = markers.Add($"{worker.Id} {(signal == "kill" ? "killed" : "stopped")}",
            $"SIG{signal.ToUpperInvariant()}, pid {worker.Pid}, {worker.InFlight} jobs held");
        return TypedResults.Ok(new LabActionDone(marker.Label, marker.Detail!, worker with { Alive = false }));
    }
}
