using Minio;
using Queues.ServiceDefaults.Storage;
using Queues.Tests.Support;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// The distributed system as it runs for real: a private RabbitMQ node and an S3 server, started by the app host in its
/// servers-only mode (<c>scripts/run-local.sh --servers-only</c>) on ports of its own, and the Api, two Workers and the
/// Notifier as separate processes talking through them, with this fixture's settings. A subclass may put it on a
/// <see cref="RabbitCluster"/> instead of the single node, with more workers, and ask for PostgreSQL.
/// </summary>
public class DistributedSystem : IAsyncLifetime
{
    public static readonly string RepoRoot = FindRepoRoot();
    internal static readonly string Configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";

    readonly string work = Directory.CreateTempSubdirectory("queues-e2e-").FullName;
    readonly Dictionary<string, string> servers;
    readonly string[] serverArguments;
    readonly Dictionary<string, string> common;
    readonly int apiPort = FreePorts.Next(), notifierPort = FreePorts.Next();
    readonly int[] workerPorts;
    readonly RabbitCluster? cluster;

    public ServiceProcess Api { get; private set; } = null!;
    public ServiceProcess Notifier { get; private set; } = null!;
    public ServiceProcess[] Workers { get; }
    public HttpClient Http { get; private set; } = null!;
    public IObjectStore Storage { get; }
    /// <summary>The S3 server itself, for what the store does not offer (listing a bucket).</summary>
    public IMinioClient S3 { get; }
    public string LogDirectory { get; }
    /// <summary>The private node's management API (guest/guest), for the Monitoring tool.</summary>
    public Uri ManagementUrl { get; }
    /// <summary>Notifier:WebhookSecret, which every delivery is signed with.</summary>
    public const string WebhookSecret = "whsec_Ym9rZXktZTJlLXdlYmhvb2stc2VjcmV0LWtleQ==";

    /// <summary>Where the Notifier posts every finished job (Notifier:WebhookUrl).</summary>
    public WebhookReceiver Webhooks { get; } = WebhookReceiver.Start(WebhookSecret);

    public DistributedSystem() : this([]) { }

    /// <param name="settings">Extra configuration for every service, e.g. Bus__QuorumQueues.</param>
    /// <param name="serverArguments">More for run-local.sh --servers-only, e.g. --postgres.</param>
    /// <param name="cluster">The broker, in place of the single node; every service gets its node list.</param>
    protected DistributedSystem(Dictionary<string, string> settings, string[]? serverArguments = null,
        RabbitCluster? cluster = null, int workers = 2)
    {
        this.cluster = cluster;
        Workers = new ServiceProcess[workers];
        workerPorts = Enumerable.Range(0, workers).Select(_ => FreePorts.Next()).ToArray();
        // A PostgreSQL server started in here runs as the postgres user, which must reach its data folder.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101);
        LogDirectory = Path.Combine(RepoRoot, ".artifacts", "e2e-logs", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss"));
        Directory.CreateDirectory(LogDirectory);
        servers = RunLocal.PrivateEnvironment(Path.Combine(work, "servers"));
        Directory.CreateDirectory(servers["QUEUES_RUN_DIR"]);
        // Our hosts here run open; the servers (Prometheus among them) need no key either.
        servers["Auth__Mode"] = "None";
        this.serverArguments = ["--servers-only", .. serverArguments ?? [], .. cluster is null ? Array.Empty<string>() : ["--cluster"]];
        if (cluster is not null) cluster.Attach(servers, LogDirectory);
        int amqp = int.Parse(servers["RABBITMQ_PORT"]), management = int.Parse(servers["RABBITMQ_MANAGEMENT_PORT"]), s3 = int.Parse(servers["S3_PORT"]);
        ManagementUrl = new Uri($"http://127.0.0.1:{management}/");
        common = new()
        {
            ["Bus__Transport"] = "RabbitMq",
            ["Bus__Host"] = "127.0.0.1",
            ["Bus__Port"] = $"{amqp}",
            ["Bus__ManagementUrl"] = $"http://127.0.0.1:{management}/",
            ["Storage__Provider"] = "Minio",
            ["Storage__Endpoint"] = $"127.0.0.1:{s3}",
            ["Storage__AccessKey"] = "S3RVER",
            ["Storage__SecretKey"] = "S3RVER",
            ["Storage__Timeout"] = "00:00:05",
            ["Database__ConnectionString"] = $"Data Source={Path.Combine(work, "jobs.db")}",
            ["Worker__Concurrency"] = "2",
            ["Bus__PrefetchCount"] = "2",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Queues"] = "Information",
            ["QueueMetrics__PollInterval"] = "00:00:01",
            ["Notifier__WebhookUrl"] = Webhooks.Url,
            ["Webhooks__AllowPrivateTargets"] = "true",
            ["Notifier__WebhookSecret"] = WebhookSecret,
            // Retries quick enough for a test, and enough of them that a delivery is still pending when a test kills the Notifier.
            ["Webhooks__MaxAttempts"] = "10",
            ["Webhooks__RetryMinDelay"] = "00:00:00.250",
            ["Webhooks__RetryMaxDelay"] = "00:00:04",
        };
        if (cluster is not null)
            foreach (var (key, value) in cluster.BusSettings()) common[key] = value;
        foreach (var (key, value) in settings) common[key] = value;
        var options = new StorageOptions { Provider = StorageProvider.Minio, Endpoint = $"127.0.0.1:{s3}", AccessKey = "S3RVER", SecretKey = "S3RVER" };
        S3 = new MinioClient().WithEndpoint(options.Endpoint).WithCredentials(options.AccessKey, options.SecretKey).WithSSL(false).Build();
        Storage = new MinioObjectStore(S3, options);
    }

    public virtual async Task InitializeAsync()
    {
        await StartServersAsync();
        Api = Start("api", "Api", apiPort, []);
        await Api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        Http = new HttpClient { BaseAddress = Api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Notifier = Start("notifier", "Notifier", notifierPort, []);
        for (var i = 0; i < Workers.Length; i++) Workers[i] = StartWorker(i);
        await Task.WhenAll(Workers.Select(w => w.WaitUntilReadyAsync(TimeSpan.FromSeconds(60))).Append(Notifier.WaitUntilReadyAsync(TimeSpan.FromSeconds(60))));
    }

    public static string WorkerId(int index) => $"e2e-worker-{index + 1}";

    ServiceProcess StartWorker(int index) =>
        Start(WorkerId(index), "Worker", workerPorts[index], new() { ["Worker__Id"] = WorkerId(index) });

    /// <summary>Starts a fresh process for worker <paramref name="index"/> after it was killed or stopped.</summary>
    public async Task RestartWorkerAsync(int index)
    {
        Workers[index].Dispose();
        Workers[index] = StartWorker(index);
        await Workers[index].WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGKILL to the Notifier, as in a crash: what it held unacknowledged goes back to its queues.</summary>
    public void KillNotifier() => Notifier.Kill();

    /// <summary>Starts a fresh Notifier process after it was killed, on the same port.</summary>
    public async Task RestartNotifierAsync()
    {
        Notifier.Dispose();
        Notifier = Start("notifier", "Notifier", notifierPort, []);
        await Notifier.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
    }

    protected ServiceProcess Start(string name, string project, int port, Dictionary<string, string> extra)
    {
        var dll = Path.Combine(RepoRoot, project, "bin", Configuration, "net10.0", $"Queues.{project}.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the solution first", dll);
        return new ServiceProcess(name, dll, port, new Dictionary<string, string>(common.Concat(extra)), LogDirectory);
    }

    /// <summary>run-local.sh's environment for this system's servers: a subclass may set more before they start (API_UPSTREAMS).</summary>
    protected Dictionary<string, string> Servers => servers;

    /// <summary>The Api's own port (replica A's, behind nginx).</summary>
    protected int ApiPort => apiPort;

    protected int NotifierPort => notifierPort;

    protected IReadOnlyList<int> WorkerPorts => workerPorts;

    /// <summary>The broker (or the cluster), the S3 server (and PostgreSQL when asked for), before any of our processes starts.</summary>
    Task StartServersAsync() =>
        Script.RunAsync("run-local.sh", servers, Path.Combine(LogDirectory, "servers.log"), TimeSpan.FromMinutes(6), serverArguments);

    Task StopServersAsync() => Script.RunAsync("run-local.sh", servers, Path.Combine(LogDirectory, "servers.log"), TimeSpan.FromMinutes(4), "stop");

    /// <summary>
    /// scripts/lab.sh against this system's app host: <c>broker stop</c>, <c>storage start</c>, <c>stop postgres</c>,
    /// <c>queues</c> (name, type, ready, unacknowledged, leader), …
    /// </summary>
    public Task<string> ServersAsync(params string[] args) =>
        Script.RunAsync("lab.sh", servers, Path.Combine(LogDirectory, "servers.log"), TimeSpan.FromMinutes(4), args);

    public virtual async Task DisposeAsync()
    {
        Http?.Dispose();
        foreach (var process in Workers.Append(Notifier).Append(Api)) process?.Dispose();
        await Webhooks.DisposeAsync();
        try { await StopServersAsync(); }
        finally
        {
            if (cluster is not null) await cluster.DisposeAsync();
            // The servers' own logs (the broker's, each node's), kept for a failed run's reader.
            var logs = Path.Combine(servers["QUEUES_RUN_DIR"], "logs");
            if (Directory.Exists(logs))
                foreach (var file in Directory.GetFiles(logs))
                    File.Copy(file, Path.Combine(LogDirectory, "server-" + Path.GetFileName(file)), overwrite: true);
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }


    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Queues.sln"))) return dir.FullName;
        throw new InvalidOperationException("Queues.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class DistributedCollection : ICollectionFixture<DistributedSystem>
{
    public const string Name = "distributed";
}
