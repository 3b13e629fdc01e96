using System.Diagnostics;
using System.Text;

namespace Queues.Monitoring.Tests;

/// <summary>
/// The Monitoring tool (built next to the tests) as a process, the way a person runs it. Redirected, it writes a
/// line per reading (and flushes its CSV first), so a test waits for a reading by re-checking its condition on
/// each line the tool writes: no clock in the test decides when the tool has done something.
/// </summary>
public sealed class MonitoringTool : IDisposable
{
    readonly Process process;
    readonly StringBuilder lines = new();
    readonly SemaphoreSlim lineWritten = new(0);
    readonly Task output, errors;
    string errorText = "";

    MonitoringTool(string[] args, bool interruptIgnored)
    {
        var start = new ProcessStartInfo(interruptIgnored ? "bash" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // What `cmd &` in a non-interactive shell does to its children; exec keeps the PID the tool's own.
        if (interruptIgnored) foreach (var arg in new[] { "-c", "trap '' INT; exec dotnet \"$@\"", "bash" }) start.ArgumentList.Add(arg);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Queues.Monitoring.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        process = Process.Start(start)!;
        output = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines) lines.AppendLine(line);
                lineWritten.Release();
            }
            lineWritten.Release(); // the end of the output is news too: nothing more will come
        });
        errors = Task.Run(async () => errorText = await process.StandardError.ReadToEndAsync());
    }

    public static MonitoringTool Start(params string[] args) => new(args, interruptIgnored: false);

    /// <summary>Started as a background job of a script is: with SIGINT ignored.</summary>
    public static MonitoringTool StartWithInterruptIgnored(params string[] args) => new(args, interruptIgnored: true);

    /// <summary>What it has written so far.</summary>
    public string Output { get { lock (lines) return lines.ToString(); } }

    /// <summary>Runs it to its end (bounded by a minute); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var tool = Start(args);
        return await tool.WaitAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>
    /// SIGTERM, as a service manager, <c>timeout</c> or a script stops it. Not SIGINT: a shell that starts a job in
    /// the background (<c>./test.sh &amp;</c>) starts its children with SIGINT ignored, and Ctrl+C's signal never arrives.
    /// </summary>
    public void Terminate() => Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();

    /// <summary>Checks <paramref name="probe"/> now and after each line the tool writes, until it answers or time is up.</summary>
    public async Task<T> WaitForAsync<T>(Func<T?> probe, TimeSpan timeout, string what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (probe() is { } found) return found;
            if (output.IsCompleted) throw new InvalidOperationException($"The monitor exited before {what}; it wrote:\n{Output}{errorText}");
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await lineWritten.WaitAsync(left))
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}; the monitor wrote:\n{Output}");
        }
    }

    public async Task<(int ExitCode, string Output)> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        await Task.WhenAll(output, errors);
        return (process.ExitCode, Output + errorText);
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose(); // the semaphore is left to the collector: the output reader may still signal it
    }
}
