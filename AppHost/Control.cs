using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Queues.AppHost;

/// <summary>
/// Settings a resource gets at its next start on top of its own, as <c>Worker__Concurrency=4</c> before a script's start
/// did: the lab's concurrency restart, experiment 10's Api with a broker cap. A start without settings is back to the defaults.
/// </summary>
public sealed class StartSettings
{
    readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> byResource = new();

    public void Set(string resource, IReadOnlyDictionary<string, string> settings) => byResource[resource] = settings;

    public IResourceBuilder<T> AppliedTo<T>(IResourceBuilder<T> resource) where T : IResourceWithEnvironment =>
        resource.WithEnvironment(context =>
        {
            if (byResource.TryGetValue(resource.Resource.Name, out var settings))
                foreach (var (key, value) in settings)
                    context.EnvironmentVariables[key] = value;
        });
}

/// <summary>
/// The app host's hand for the lab and the terminal: a loopback HTTP endpoint (Queues:ControlPort) with a bearer token
/// written to the run folder (control.token). It lists the resources with their state and PID, runs their commands
/// (Aspire's start and stop, our kill and broker stop/start) and scales the workers; each answer comes once it has taken
/// effect. The Api in lab mode calls it (Lab:ControlUrl), and so does scripts/lab.sh.
/// </summary>
public sealed class ControlEndpoint(LocalSettings settings, DistributedApplicationModel model,
    ResourceCommandService commands, StartSettings startSettings, RunFiles runFiles, ILogger<ControlEndpoint> logger) : IHostedService
{
    static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(180), StopLimit = TimeSpan.FromSeconds(120);
    WebApplication? app;

    public static string Token(LocalSettings settings)
    {
        var file = Path.Combine(settings.RunDirectory, "control.token");
        if (!File.Exists(file))
        {
            File.WriteAllText(file, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant() + "\n");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return File.ReadAllText(file).Trim();
    }

    /// <param name="Pid">Its process (for a .NET host, the host itself), or the last one it had.</param>
    public sealed record ResourceView(string Name, string Type, string State, string? Health, int? Pid, int? ExitCode);
    public sealed record CommandDone(string Resource, string Command, string State, int? Pid, string? Message);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var expected = System.Text.Encoding.UTF8.GetBytes($"Bearer {Token(settings)}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, settings.ControlPort));
        app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(context.Request.Headers.Authorization.ToString()), expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsync("Authorization: Bearer <the run folder's control.token>\n");
                return;
            }
            await next(context);
        });
        app.MapGet("/resources", () => runFiles.Visible().Select(View).ToList());
        app.MapGet("/ready", Ready);
        app.MapPost("/resources/{name}/{command}", RunAsync);
        app.MapPost("/workers", ScaleAsync);
        await app.StartAsync(cancellationToken);
        logger.LogInformation("Control endpoint on http://127.0.0.1:{Port}/ (token in {File})", settings.ControlPort,
            Path.Combine(settings.RunDirectory, "control.token"));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
            await app.DisposeAsync();
    }

    ResourceView View(IResource resource)
    {
        var snapshot = runFiles.Snapshot(resource.Name);
        return new(resource.Name, snapshot?.ResourceType ?? "", snapshot?.State?.Text ?? "Unknown", snapshot?.HealthStatus?.ToString(),
            runFiles.LastPid(resource.Name), snapshot?.ExitCode);
    }

    /// <summary>
    /// 200 once every process that was to start runs, healthy, with its PID known, and every one-shot (a cluster's join,
    /// initdb) has finished with 0; 503 with those still on their way (not started yet included: the app host starts
    /// them in turn); 500 with those that failed. Spare workers, which wait for a Start, do not count. What run-local.sh waits for.
    /// </summary>
    IResult Ready()
    {
        var processes = runFiles.Visible().Where(r => r is ExecutableResource or ProjectResource && !r.StartsExplicitly()).ToList();
        var views = processes.Select(r => (Resource: r, View: View(r))).ToList();
        var failed = views.Where(v => v.View.State == KnownResourceStates.FailedToStart
            || KnownResourceStates.TerminalStates.Contains(v.View.State) && v.View.ExitCode is not (0 or null)).Select(v => v.View).ToList();
        if (failed.Count > 0)
            return Results.Json(failed, statusCode: 500);
        var waiting = views.Where(v => !(v.Resource.IsOneShot()
                ? KnownResourceStates.TerminalStates.Contains(v.View.State) && v.View.ExitCode is 0
                : v.View.State == KnownResourceStates.Running && v.View.Health is null or "Healthy" && runFiles.Pid(v.Resource.Name) is not null))
            .Select(v => v.View).ToList();
        return waiting.Count > 0 ? Results.Json(waiting, statusCode: 503) : Results.Ok(views.Select(v => v.View).ToList());
    }

    /// <summary>
    /// start (with ?KEY=VALUE settings for this start), stop, restart, or one of the resource's own commands (kill,
    /// broker-stop, broker-start). start and restart answer once the resource is healthy, stop once it has exited.
    /// </summary>
    async Task<IResult> RunAsync(string name, string command, HttpRequest request, CancellationToken cancellationToken)
    {
        var resource = model.Resources.FirstOrDefault(r => r.Name == name);
        if (resource is null)
            return Results.Problem(statusCode: 404, title: "No such resource", detail: $"{name}: not one of {string.Join(", ", model.Resources.Select(r => r.Name))}");
        if (command is "start" or "restart")
            startSettings.Set(name, request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()));
        var commandName = command switch { "start" => "resource-start", "stop" => "resource-stop", "restart" => "resource-restart", _ => command };
        var result = await commands.ExecuteCommandAsync(resource, commandName, cancellationToken);
        if (!result.Success)
            return Results.Problem(statusCode: 409, title: $"{name} {command} failed", detail: result.Message);
        if (command is "start" or "restart" && !await UntilAsync(name, Started, StartLimit, cancellationToken))
            return Results.Problem(statusCode: 504, title: $"{name} not started",
                detail: $"{name} exited, or does not listen {StartLimit.TotalSeconds:0} s after {command}: see logs/{name}.log");
        if (command is "stop" or "kill" && !await UntilAsync(name, Ended, StopLimit, cancellationToken))
            return Results.Problem(statusCode: 504, title: $"{name} still running", detail: $"{name} still runs {StopLimit.TotalSeconds:0} s after stop");
        var view = View(resource);
        logger.LogInformation("{Resource} {Command}: {State}, pid {Pid}", name, command, view.State, view.Pid);
        return Results.Ok(new CommandDone(name, command, view.State, view.Pid, result.Message));
    }

    /// <summary>
    /// ?count=N: workers 1 to N running (started with the other query settings, as <c>Worker__Concurrency=4</c>), those
    /// above N stopped (each finishes the images it holds). Answers with every worker's state once they all agree.
    /// </summary>
    async Task<IResult> ScaleAsync(int count, HttpRequest request, CancellationToken cancellationToken)
    {
        if (count < 0 || count > settings.MaxWorkers)
            return Results.Problem(statusCode: 400, title: "Invalid count", detail: $"count is 0 to {settings.MaxWorkers} (Queues:MaxWorkers)");
        var extra = request.Query.Where(q => q.Key != "count").ToDictionary(q => q.Key, q => q.Value.ToString());
        var workers = Enumerable.Range(1, settings.MaxWorkers).Select(i => model.Resources.Single(r => r.Name == $"worker-{i}")).ToList();
        var changes = workers.Select(async (worker, index) =>
        {
            var wanted = index < count;
            var running = Running(runFiles.Snapshot(worker.Name));
            if (wanted == running) return;
            if (wanted) startSettings.Set(worker.Name, extra);
            var result = await commands.ExecuteCommandAsync(worker, wanted ? "resource-start" : "resource-stop", cancellationToken);
            if (!result.Success)
                throw new InvalidOperationException($"{worker.Name} {(wanted ? "start" : "stop")}: {result.Message}");
            if (!await UntilAsync(worker.Name, wanted ? Started : Ended, wanted ? StartLimit : StopLimit, cancellationToken))
                throw new TimeoutException($"{worker.Name} did not {(wanted ? "start listening" : "exit")} in time; see logs/{worker.Name}.log");
        });
        try
        {
            await Task.WhenAll(changes);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            return Results.Problem(statusCode: 409, title: "Scaling failed", detail: e.Message);
        }
        return Results.Ok(workers.Select(View).ToList());
    }

    /// <summary>
    /// Until the resource meets <paramref name="condition"/> (true), or the limit passes (false). Waiting for a start, a
    /// resource that ran and ended again (a host that exits at start) is an answer too: false at once.
    /// </summary>
    async Task<bool> UntilAsync(string name, Func<string, bool> condition, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var ran = false;
        try
        {
            while (!condition(name))
            {
                var state = runFiles.Snapshot(name)?.State?.Text;
                if (condition == Started && ran && state is not null && KnownResourceStates.TerminalStates.Contains(state))
                    return false;
                ran |= Running(runFiles.Snapshot(name));
                await Task.Delay(100, deadline.Token);
            }
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    static bool Running(CustomResourceSnapshot? snapshot) =>
        snapshot?.State?.Text is { } state && state != KnownResourceStates.NotStarted && !KnownResourceStates.TerminalStates.Contains(state);

    /// <summary>
    /// Running, its process known (for a resource with a port, the process listening on it), and a server healthy: the
    /// broker, the S3 server, PostgreSQL answer. Not a host's health: a worker started while the storage is down runs,
    /// and is not ready until the storage is back.
    /// </summary>
    bool Started(string name) => runFiles.Snapshot(name) is { } snapshot && snapshot.State?.Text == KnownResourceStates.Running
        && runFiles.Pid(name) is not null
        && (model.Resources.FirstOrDefault(r => r.Name == name) is ProjectResource || snapshot.HealthStatus is null or HealthStatus.Healthy);

    bool Ended(string name) => runFiles.Snapshot(name)?.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state);
}
