using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace Queues.AppHost;

/// <summary>
/// Every resource's state as the app host last heard it, and in the run folder what a terminal user reads:
/// <c>pids/NAME.pid</c> while it runs (a .NET host's own process, the one to <c>kill -9</c>, not the launcher above
/// it) and <c>logs/NAME.log</c>, its console output (the dashboard shows the same).
/// </summary>
public sealed class RunFiles(LocalSettings settings, DistributedApplicationModel model, ResourceNotificationService notifications,
    ResourceLoggerService logs) : BackgroundService
{
    readonly ConcurrentDictionary<string, CustomResourceSnapshot> snapshots = new();
    readonly ConcurrentDictionary<string, int> pids = new(), lastPids = new();
    string PidsDirectory => Path.Combine(settings.RunDirectory, "pids");
    string LogsDirectory => Path.Combine(settings.RunDirectory, "logs");

    public CustomResourceSnapshot? Snapshot(string name) => snapshots.GetValueOrDefault(name);

    public int? Pid(string name) => pids.TryGetValue(name, out var pid) ? pid : null;

    /// <summary>Its process now, or the last one it had (a killed worker's).</summary>
    public int? LastPid(string name) => Pid(name) ?? (lastPids.TryGetValue(name, out var pid) ? pid : null);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(PidsDirectory);
        Directory.CreateDirectory(LogsDirectory);
        foreach (var stale in Directory.GetFiles(PidsDirectory, "*.pid"))
            File.Delete(stale);
        var copies = model.Resources.Select(resource => CopyLogAsync(resource, stoppingToken)).ToList();
        // A host starts listening after the snapshot that says it runs: look again for those without a process yet.
        var lookAgain = LookAgainAsync(stoppingToken);
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                snapshots[update.Resource.Name] = update.Snapshot;
                Update(update.Resource);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        await Task.WhenAll(copies.Append(lookAgain));
    }

    async Task LookAgainAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                foreach (var resource in model.Resources.Where(r => !pids.ContainsKey(r.Name)
                             && Snapshot(r.Name)?.State?.Text == KnownResourceStates.Running))
                    Update(resource);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    /// <summary>Its PID file as its state says: written once its process is known, gone once it no longer runs.</summary>
    void Update(IResource resource)
    {
        lock (pids)
        {
            var name = resource.Name;
            var file = Path.Combine(PidsDirectory, name + ".pid");
            if (Snapshot(name) is not { } snapshot) return;
            if (snapshot.State?.Text != KnownResourceStates.Running)
            {
                if (!pids.TryRemove(name, out _)) return;
                File.Delete(file);
            }
            // A broker whose application is stopped (stop_app) listens on nothing, and still runs: its file stays.
            else if (ProcessOf(resource, snapshot) is { } running && (!pids.TryGetValue(name, out var known) || known != running))
            {
                pids[name] = lastPids[name] = running;
                File.WriteAllText(file, running + "\n");
            }
            else return;
            if (settings.Prometheus && settings.Hosts && name.StartsWith("worker-"))
                Prometheus.WriteWorkerTargets(settings, pids.Keys.Where(n => n.StartsWith("worker-")).Order()
                    .Select(n => $"127.0.0.1:{settings.WorkerBasePort + int.Parse(n["worker-".Length..])}"));
        }
    }

    /// <summary>The resources the dashboard shows: not Aspire's own hidden helpers (a project's rebuilder).</summary>
    public IEnumerable<IResource> Visible() => model.Resources.Where(r => Snapshot(r.Name)?.IsHidden != true);

    /// <summary>
    /// The process a terminal user would signal and whose CPU a measurement counts: the one that listens on the resource's
    /// first port (a .NET host, not a launcher above it; the broker's Erlang VM, not the shell script that starts it), none
    /// until it listens; for a resource without a port (epmd, the dashboard), the process Aspire started.
    /// </summary>
    static int? ProcessOf(IResource resource, CustomResourceSnapshot snapshot)
    {
        if (resource.TryGetEndpoints(out var endpoints) && endpoints.FirstOrDefault()?.Port is { } port)
            return ListeningProcess.Of(port);
        var property = snapshot.Properties.FirstOrDefault(p => p.Name.EndsWith(".pid", StringComparison.Ordinal));
        return property?.Value is { } value && int.TryParse(value.ToString(), out var pid) ? pid : null;
    }

    async Task CopyLogAsync(IResource resource, CancellationToken stoppingToken)
    {
        // Opened at the first line: Aspire's hidden helpers (a project's rebuilder) say nothing and get no file.
        StreamWriter? log = null;
        try
        {
            await foreach (var batch in logs.WatchAsync(resource).WithCancellation(stoppingToken))
                foreach (var line in batch)
                {
                    log ??= new StreamWriter(Path.Combine(LogsDirectory, resource.Name + ".log"), append: true) { AutoFlush = true };
                    await log.WriteLineAsync(line.Content);
                }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            if (log is not null) await log.DisposeAsync();
        }
    }
}
