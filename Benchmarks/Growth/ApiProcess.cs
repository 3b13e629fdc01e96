using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Queues.Benchmarks.Growth;

/// <summary>
/// The Api as it ships (its Release build, started from its own folder so it loads its own settings), standalone,
/// on a given SQLite file and object folder. Stopped with SIGTERM, by its PID, when disposed.
/// </summary>
sealed class ApiProcess : IAsyncDisposable
{
    readonly Process process;
    public Uri Address { get; }

    ApiProcess(Process process, Uri address) => (this.process, Address) = (process, address);

    public static async Task<ApiProcess> StartAsync(string folder, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var process = Process.Start(Info(folder, $"--urls http://127.0.0.1:{port}"))!;
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"the Api exited with {process.ExitCode}");
            try
            {
                if ((await http.GetAsync(new Uri(api.Address, "health/ready"), cancellationToken)).IsSuccessStatusCode) return api;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(250, cancellationToken);
        }
        await api.DisposeAsync();
        throw new TimeoutException("the Api was not ready within 60 s");
    }

    /// <summary>`Queues.Api.dll migrate`: the schema the code expects, made by the code's own migrations.</summary>
    public static async Task MigrateAsync(string folder, CancellationToken cancellationToken)
    {
        using var migrate = Process.Start(Info(folder, "migrate"))!;
        await migrate.WaitForExitAsync(cancellationToken);
        if (migrate.ExitCode != 0) throw new InvalidOperationException($"migrate exited with {migrate.ExitCode}");
    }

    static ProcessStartInfo Info(string folder, string arguments)
    {
        var apiFolder = Path.Combine(RepositoryRoot(), "Api");
        var dll = Path.Combine(apiFolder, "bin", "Release", "net10.0", "Queues.Api.dll");
        if (!File.Exists(dll)) throw new ArgumentException($"build the Api first: dotnet build Api -c Release ({dll} is missing)");
        var info = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}") { WorkingDirectory = apiFolder, UseShellExecute = false };
        info.Environment["Database__ConnectionString"] = $"Data Source={Path.Combine(folder, "jobs.db")}";
        info.Environment["Storage__LocalPath"] = Path.Combine(folder, "objects");
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        return info;
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Queues.sln"))) return dir.FullName;
        throw new InvalidOperationException("Queues.sln not found above " + AppContext.BaseDirectory);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM: the host's own graceful stop, as a service manager would do it.
            Process.Start("kill", ["-TERM", process.Id.ToString()])?.WaitForExit();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await process.WaitForExitAsync(grace.Token); }
            catch (OperationCanceledException) { process.Kill(); }
        }
        process.Dispose();
    }
}
