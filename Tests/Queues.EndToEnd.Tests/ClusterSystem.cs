namespace Queues.EndToEnd.Tests;

/// <summary>
/// The distributed system on a 3-node RabbitMQ cluster with quorum queues: every service gets the cluster's node
/// list; the app host starts it with the S3 server.
/// </summary>
public sealed class ClusterSystem : DistributedSystem
{
    public RabbitCluster Cluster { get; }

    public ClusterSystem() : this(new RabbitCluster()) { }

    ClusterSystem(RabbitCluster cluster) : base(new()
    {
        // Each job's "done" line in the workers' logs, to follow a job across the crash.
        ["Logging__LogLevel__Queues.Components.Processing"] = "Debug",
    }, cluster: cluster) => Cluster = cluster;
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterSystem>
{
    public const string Name = "cluster";
}
