using System.Diagnostics;

namespace Queues.Monitoring.Tests;

/// <summary>The Monitoring tool (built next to the tests) as a process, the way a person runs it.</summary>
public sealed class MonitoringTool : IDisposable
{
    readonly Process process;
    readonly Task<string> output, errors;

    MonitoringTool(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Queues.Monitoring.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        process = Process.Start(start)!;
        output = process.StandardOutput.ReadToEndAsync();
        errors = process.StandardError.ReadToEndAsync();
    }

    public static MonitoringTool Start(params string[] args) => new(args);

    /// <summary>Runs it to its end (bounded by a minute); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var tool = Start(args);
        return await tool.WaitAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>Ctrl+C, as a person stops it.</summary>
    public void Interrupt() => Process.Start("kill", ["-INT", process.Id.ToString()])!.WaitForExit();

    public async Task<(int ExitCode, string Output)> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output + await errors);
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
