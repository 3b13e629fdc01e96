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

        var queues = (await system.ServersAsync("queues"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('\t', StringSplitOptions.TrimEntries)).Where(p => p.Length >= 2 && p[0] != "name")
            .ToDictionary(p => p[0], p => p[1]);
        queues["process-image"].ShouldBe("quorum");
        queues["job-state"].ShouldBe("quorum");
        queues["webhooks"].ShouldBe("quorum");
        queues.Where(q => q.Key.StartsWith("worker-heartbeat-")).ShouldAllBe(q => q.Value == "classic");
    }

    /// <summary>A quorum queue numbers its deliveries (x-delivery-count): a job's second delivery says "2" on its timeline.</summary>
    [Fact]
    public async Task A_job_a_killed_worker_held_shows_its_second_delivery_numbered_on_its_timeline()
    {
        var ids = await system.Http.UploadManyAsync(8, JobsClient.Jpeg(4000, 3000), "blur:4,grayscale,resize:320x320");
        var held = new List<Guid>();
        await global::Queues.Tests.Support.Eventually.Until(async () =>
        {
            held.Clear();
            foreach (var id in ids)
                if (await system.Http.GetJobAsync(id) is { State: "Processing" } job && job.WorkerId == DistributedSystem.WorkerId(0)) held.Add(id);
            return held.Count > 0;
        }, "the first worker to be holding a job", TimeSpan.FromSeconds(60));

        system.Workers[0].Kill();
        try
        {
            var jobs = await system.Http.WaitForEndAsync(ids, TimeSpan.FromSeconds(120));
            var again = held.Select(id => jobs[id]).First(j => j.Attempts >= 2);
            var story = await global::Queues.Tests.Support.Eventually.Until(() => system.Http.GetTimelineAsync(again.Id),
                t => t.OfKind("completed").Count == 1, $"job {again.Id}'s timeline to show its completion", TimeSpan.FromSeconds(60));
            var deliveries = story.OfKind("delivered");
            deliveries.Select(d => d.Detail!.Value.GetProperty("deliveryCount").GetInt32()).ShouldBe([1, 2], string.Join("\n", story.Events));
            deliveries.Select(d => d.Detail!.Value.GetProperty("redelivered").GetBoolean()).ShouldBe([false, true]);
        }
        finally
        {
            await system.RestartWorkerAsync(0);
        }
    }
}
