namespace Queues.EndToEnd.Tests;

/// <summary>The same system on quorum queues (what a RabbitMQ cluster would use), on a node of its own.</summary>
public sealed class QuorumSystem() : DistributedSystem(new() { ["Bus__QuorumQueues"] = "true" });

[CollectionDefinition(Name)]
public sealed class QuorumCollection : ICollectionFixture<QuorumSystem>
{
    public const string Name = "quorum";
}

[Collection(QuorumCollection.Name)]
public sealed class QuorumQueueTests(QuorumSystem system)
{
    [Fact]
    public async Task Jobs_run_on_quorum_queues_while_the_per_replica_heartbeat_queue_stays_classic()
    {
        var ids = await system.Http.UploadManyAsync(10, JobsClient.Jpeg(800, 600));
        var jobs = await system.Http.WaitForEndAsync(ids, TimeSpan.FromSeconds(120));
        jobs.Values.ShouldAllBe(j => j.State == "Completed");
        // Their webhooks went through the notifier's own queue, a quorum queue too.
        await global::Queues.Tests.Support.Eventually.Until(() => ids.All(id => system.Webhooks.DeliveriesOf(id) == 1), "one webhook per job, through the webhooks queue");

        var queues = (await system.ServicesAsync("rabbitmqctl", "list_queues", "name", "type"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('\t', StringSplitOptions.TrimEntries)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1]);
        queues["process-image"].ShouldBe("quorum");
        queues["job-state"].ShouldBe("quorum");
        queues["webhooks"].ShouldBe("quorum");
        queues.Where(q => q.Key.StartsWith("worker-heartbeat-")).ShouldAllBe(q => q.Value == "classic");
    }
}
