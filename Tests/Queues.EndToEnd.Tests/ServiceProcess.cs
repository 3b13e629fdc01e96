using System.Diagnostics;
using Queues.Tests.Support;

namespace Queues.EndToEnd.Tests;

/// <summary>One of our hosts (Api, Worker, Notifier) as a real OS process, its output kept in a log file.</summary>
public sealed class ServiceProcess : IDisposable
{
    readonly Process process;
    readonly StreamWriter log;

    public string Name { get; }
    public string LogPath { get; }
    public Uri BaseAddress { get; }
    public int Pid => process.Id;
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    public ServiceProcess(string name, string dll, int port, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        Name = name;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        LogPath = Path.Combine(logDirectory, name + ".log");
        log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", BaseAddress.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // From the project folder (PROJECT/bin/CONFIG/net10.0/X.dll), as the app host starts them: that is
            // the content root, so the host loads its own appsettings.json and serves its wwwroot.
            WorkingDirectory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(dll)!, "..", "..", "..")),
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    void Write(string? line)
    {
        if (line is null) return;
        lock (log) log.WriteLine(line);
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.Until(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"{Name} exited with {process.ExitCode}; see {LogPath}");
            try
            {
                using var response = await http.GetAsync("health/ready");
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, $"{Name} to answer /health/ready (its log: {LogPath})", timeout);
    }

    /// <summary>SIGKILL: no chance to finish or acknowledge anything.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>SIGTERM: what an orchestrator sends before stopping a container.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public string LogText()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
        lock (log) log.Dispose();
    }
}
