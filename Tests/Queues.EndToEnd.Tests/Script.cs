using System.Diagnostics;

namespace Queues.EndToEnd.Tests;

/// <summary>One of the repository's scripts (scripts/*.sh) run with its own environment, its output appended to a log.</summary>
public static class Script
{
    /// <returns>stdout and stderr together; a non-zero exit throws with that text.</returns>
    public static async Task<string> RunAsync(string script, IReadOnlyDictionary<string, string> environment, string logPath,
        TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(DistributedSystem.RepoRoot, "scripts", script), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        var text = await output + await error;
        var command = $"{script} {string.Join(' ', args)}";
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        await File.AppendAllTextAsync(logPath, $"$ {command}\n{text}\n");
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} failed: {text}");
        return text;
    }
}
