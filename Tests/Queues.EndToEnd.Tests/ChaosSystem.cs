namespace Queues.EndToEnd.Tests;

/// <summary>
/// Everything at once: two Api replicas on PostgreSQL behind nginx (<see cref="ReplicatedSystem"/>), three workers,
/// and a 3-node RabbitMQ cluster with quorum queues (<see cref="RabbitCluster"/>) in place of the single node. The
/// watchdog sends a job its live worker no longer holds again after 10 s instead of a minute.
/// </summary>
public sealed class ChaosSystem : ReplicatedSystem
{
    public RabbitCluster Cluster { get; }

    public ChaosSystem() : this(new RabbitCluster()) { }

    ChaosSystem(RabbitCluster cluster) : base(new()
    {
        ["Jobs__OrphanAfter"] = "00:00:10",
        ["Logging__LogLevel__Queues.Components.Processing"] = "Debug",
    }, cluster, workers: 3) => Cluster = cluster;
}

[CollectionDefinition(Name)]
public sealed class ChaosCollection : ICollectionFixture<ChaosSystem>
{
    public const string Name = "chaos";
}
