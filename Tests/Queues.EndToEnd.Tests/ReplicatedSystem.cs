namespace Queues.EndToEnd.Tests;

/// <summary>
/// The distributed system with two Api replicas on one private PostgreSQL server, behind nginx, both started by the app
/// host with the broker and the S3 server (<c>run-local.sh --servers-only --postgres</c>, API_UPSTREAMS). Replica A is
/// <see cref="DistributedSystem.Api"/>.
/// Both replicas run the retention sweep, as deployed (7 days), looking every 2 s.
/// </summary>
public class ReplicatedSystem : DistributedSystem
{
    readonly int replicaBPort = FreePorts.Next(), balancerPort = FreePorts.Next();
    readonly int postgresPort;

    public ReplicatedSystem() : this([]) { }

    /// <param name="settings">Extra configuration for every service.</param>
    /// <param name="cluster">A RabbitMQ cluster in place of the single node.</param>
    protected ReplicatedSystem(Dictionary<string, string> settings, RabbitCluster? cluster = null, int workers = 2)
        : this(FreePorts.Next(), settings, cluster, workers) { }

    ReplicatedSystem(int postgresPort, Dictionary<string, string> settings, RabbitCluster? cluster, int workers) : base(
        new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = $"Host=127.0.0.1;Port={postgresPort};Username=postgres;Database=queues",
            ["Retention__MaxAge"] = "7.00:00:00",
            ["Retention__Interval"] = "00:00:02",
        }.Concat(settings).ToDictionary(),
        ["--postgres"], cluster, workers)
    {
        this.postgresPort = postgresPort;
        Servers["PG_PORT"] = $"{postgresPort}";
        // nginx listens on the app host's Api port, in front of both replicas.
        Servers["API_PORT"] = $"{balancerPort}";
        Servers["API_UPSTREAMS"] = $"{ApiPort},{replicaBPort}";
    }

    public ServiceProcess ApiB { get; private set; } = null!;
    public HttpClient HttpB { get; private set; } = null!;
    /// <summary>nginx in front of both replicas: the one URL users and the load test see.</summary>
    public HttpClient Balancer { get; private set; } = null!;

    /// <summary>Each replica's id in the live feed (<c>ReplicaIdentity</c>: machine and process id).</summary>
    public static string ReplicaId(ServiceProcess api) => $"{Environment.MachineName}-{api.Pid}".ToLowerInvariant();

    public override async Task InitializeAsync()
    {
        // Replica A creates the database and migrates it before B starts, as a rolling start would.
        await base.InitializeAsync();
        ApiB = Start("api-b", "Api", replicaBPort, []);
        await ApiB.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        HttpB = new HttpClient { BaseAddress = ApiB.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Balancer = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{balancerPort}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>One SQL statement on the replicas' database (psql): its rows, columns separated by '|'.</summary>
    public async Task<string[]> SqlAsync(string sql)
    {
        var start = new System.Diagnostics.ProcessStartInfo("psql",
            ["-h", "127.0.0.1", "-p", $"{postgresPort}", "-U", "postgres", "-d", "queues", "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"psql: {sql}: {await error}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public override async Task DisposeAsync()
    {
        Balancer?.Dispose();
        HttpB?.Dispose();
        ApiB?.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ReplicatedCollection : ICollectionFixture<ReplicatedSystem>
{
    public const string Name = "replicated";
}
