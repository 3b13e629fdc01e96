using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Queues.Api.Lab;

/// <summary>The lab's hand on the processes: runs the repository's scripts, reads run-local.sh's PID files, sends signals by PID.</summary>
public sealed class LabProcesses(IOptions<LabOptions> options)
{
    string RepoRoot => options.Value.RepoRoot ?? throw new InvalidOperationException("Lab:RepoRoot is not set (run-local.sh sets it)");
    string RunDir => options.Value.RunDir ?? throw new InvalidOperationException("Lab:RunDir is not set (run-local.sh sets it)");
    string PidsDir => Path.Combine(RunDir, "pids");

    public sealed record ScriptRun(int ExitCode, string Output);

    /// <summary>scripts/NAME with ARGS, as a terminal user would run it; killed (and a TimeoutException) past <paramref name="timeout"/>.</summary>
    public Task<ScriptRun> RunScriptAsync(string name, TimeSpan timeout, CancellationToken cancellationToken, params string[] args) =>
        RunScriptAsync(name, args, new Dictionary<string, string>(), timeout, cancellationToken);

    /// <summary>The same with settings in its environment, as <c>Worker__Concurrency=4 scripts/scale_workers.sh start 1</c>.</summary>
    public async Task<ScriptRun> RunScriptAsync(string name, string[] args, IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoRoot, "scripts", name), .. args])
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["QUEUES_RUN_DIR"] = RunDir;
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/{name} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s");
        }
        return new(process.ExitCode, (await output + await error).Trim());
    }

    /// <summary>The workers run-local.sh and scale_workers.sh started: name and PID from pids/worker-N.pid, in number order.</summary>
    public IReadOnlyList<(string Id, int Pid)> Workers() =>
        !Directory.Exists(PidsDir) ? [] : Directory.GetFiles(PidsDir, "worker-*.pid")
            .Select(file => (Id: Path.GetFileNameWithoutExtension(file), Pid: int.TryParse(File.ReadAllText(file).Trim(), out var pid) ? pid : 0))
            .Where(w => w.Pid > 0)
            .OrderBy(w => int.TryParse(w.Id["worker-".Length..], out var n) ? n : int.MaxValue)
            .ToList();

    /// <summary>Whether the process runs: a zombie (exited, its parent has not reaped it) counts as gone.</summary>
    public static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not ('Z' or 'X' or default(char));
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return true; }
    }

    /// <summary>kill -KILL or -TERM, by PID only.</summary>
    public static async Task SignalAsync(int pid, string signal, CancellationToken cancellationToken)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString()]) { RedirectStandardError = true })!;
        var error = await kill.StandardError.ReadToEndAsync(cancellationToken);
        await kill.WaitForExitAsync(cancellationToken);
        if (kill.ExitCode != 0 && Alive(pid)) throw new InvalidOperationException($"kill -{signal} {pid} failed: {error.Trim()}");
    }

    /// <summary>Whether something accepts TCP connections on HOST:PORT (a refused or unanswered connection within a second: no).</summary>
    public static async Task<bool> AnswersAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(host, port, limit.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 200 ms until it holds (true) or <paramref name="timeout"/> passes (false).</summary>
    public static async Task<bool> WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout) return false;
            await Task.Delay(200, cancellationToken);
        }
        return true;
    }
}
