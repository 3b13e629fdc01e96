using System.Diagnostics;
using System.Text;

namespace Queues.Monitoring.Tests.Distributed;

/// <summary>One Queues host (Api, Worker or Notifier) as its own process on a free loopback port, killed on dispose.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    readonly Process process;
    readonly StringBuilder log = new();

    public Uri Url { get; }
    public string Log { get { lock (log) return log.ToString(); } }

    HostProcess(string name, IDictionary<string, string> settings, string folder)
    {
        var port = PrivateServices.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        // Its own working folder: the content root, where a relative SQLite path would land.
        var workDir = Directory.CreateDirectory(Path.Combine(folder, $"{name}-{port}")).FullName;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, $"Queues.{name}.dll")])
        { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workDir };
        start.Environment["ASPNETCORE_URLS"] = Url.ToString().TrimEnd('/');
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Database__ConnectionString"] = $"Data Source={Path.Combine(workDir, "jobs.db")}";
        foreach (var (key, value) in settings) start.Environment[key] = value;
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Starts the host and waits until /health/ready says its broker, storage and database answer.</summary>
    public static async Task<HostProcess> StartAsync(string name, IDictionary<string, string> settings, string folder)
    {
        var host = new HostProcess(name, settings, folder);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (host.process.HasExited) break;
            try
            {
                if ((await http.GetAsync(new Uri(host.Url, "health/ready"))).IsSuccessStatusCode) return host;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(250);
        }
        var log = host.Log;
        await host.DisposeAsync();
        throw new InvalidOperationException($"{name} did not become ready at {host.Url}:\n{log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
