namespace Queues.EndToEnd.Tests;

/// <summary>
/// The distributed system with two Api replicas on one private PostgreSQL server (started by scripts/services.sh
/// beside RabbitMQ and the S3 server): what a load balancer would have behind it. Replica A is <see cref="DistributedSystem.Api"/>.
/// </summary>
public sealed class ReplicatedSystem : DistributedSystem
{
    readonly int replicaBPort = FreePort();

    public ReplicatedSystem() : this(FreePort()) { }

    ReplicatedSystem(int postgresPort) : base(
        new()
        {
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = $"Host=127.0.0.1;Port={postgresPort};Username=postgres;Database=queues",
        },
        new() { ["QUEUES_POSTGRES"] = "1", ["PG_PORT"] = $"{postgresPort}" })
    {
    }

    public ServiceProcess ApiB { get; private set; } = null!;
    public HttpClient HttpB { get; private set; } = null!;

    /// <summary>Each replica's id in the live feed (<c>ReplicaIdentity</c>: machine and process id).</summary>
    public static string ReplicaId(ServiceProcess api) => $"{Environment.MachineName}-{api.Pid}".ToLowerInvariant();

    public override async Task InitializeAsync()
    {
        // Replica A creates the database and migrates it before B starts, as a rolling start would.
        await base.InitializeAsync();
        ApiB = Start("api-b", "Api", replicaBPort, []);
        await ApiB.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        HttpB = new HttpClient { BaseAddress = ApiB.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public override async Task DisposeAsync()
    {
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
