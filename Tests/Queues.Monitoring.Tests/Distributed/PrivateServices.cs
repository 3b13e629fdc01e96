using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Queues.Monitoring.Tests.Distributed;

/// <summary>
/// A private RabbitMQ node (with the management API) and s3rver on free loopback ports, started with
/// scripts/services.sh for one test class and stopped after it. Other nodes on this machine are left alone.
/// </summary>
public sealed class PrivateServices : IAsyncLifetime
{
    readonly string dir = Directory.CreateTempSubdirectory("queues-services-").FullName;
    readonly Dictionary<string, string> env = new();

    public int AmqpPort { get; } = FreePort();
    public int ManagementPort { get; } = FreePort();
    public int S3Port { get; } = FreePort();
    public Uri ManagementUrl => new($"http://127.0.0.1:{ManagementPort}/");
    public string Folder => dir;

    public async Task InitializeAsync()
    {
        env["RABBITMQ_PORT"] = AmqpPort.ToString();
        env["RABBITMQ_MANAGEMENT_PORT"] = ManagementPort.ToString();
        env["RABBITMQ_DIST_PORT"] = FreePort().ToString();
        env["S3_PORT"] = S3Port.ToString();
        env["QUEUES_SERVICES_DIR"] = Path.Combine(dir, "services");
        var (code, output) = await RunScriptAsync("start", TimeSpan.FromMinutes(2));
        if (code != 0) throw new InvalidOperationException($"scripts/services.sh start failed ({code}):\n{output}");
    }

    /// <summary>What the Api, Worker and Notifier need to run distributed against these services.</summary>
    public Dictionary<string, string> HostSettings() => new()
    {
        ["Bus__Transport"] = "RabbitMq", ["Bus__Host"] = "127.0.0.1", ["Bus__Port"] = AmqpPort.ToString(),
        ["Storage__Provider"] = "Minio", ["Storage__Endpoint"] = $"127.0.0.1:{S3Port}",
        ["Storage__AccessKey"] = "S3RVER", ["Storage__SecretKey"] = "S3RVER",
        ["QueueMetrics__ManagementUrl"] = ManagementUrl.ToString(), ["QueueMetrics__PollSeconds"] = "1",
    };

    public async Task DisposeAsync()
    {
        await RunScriptAsync("stop", TimeSpan.FromMinutes(1));
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    async Task<(int Code, string Output)> RunScriptAsync(string command, TimeSpan timeout)
    {
        // Run from the temporary folder: a failing Erlang CLI drops erl_crash.dump in its working directory.
        var start = new ProcessStartInfo(Path.Combine(Repo.Root, "scripts/services.sh"), [command])
        { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var (key, value) in env) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output + await errors);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
