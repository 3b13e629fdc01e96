using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Queues.ServiceDefaults.Messaging;
using Queues.Tests.Support;
using Xunit.Abstractions;

namespace Queues.EndToEnd.Tests;

/// <summary>The pipeline on a 3-node RabbitMQ cluster: quorum queues everywhere they can be, and a node lost under load.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterFailoverTests(ClusterSystem system, ITestOutputHelper output)
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);
    HttpClient Http => system.Http;
    RabbitCluster Cluster => system.Cluster;

    [Fact]
    public async Task Shared_queues_and_their_error_queue_are_quorum_queues_on_every_node_while_per_replica_queues_stay_classic()
    {
        // A corrupt upload is dead-lettered at once, which makes MassTransit declare process-image_error.
        var id = await Http.UploadAsync(TestImages.TruncatedJpeg(600, 400));
        (await Http.WaitForEndAsync([id], Deadline))[id].State.ShouldBe("Failed");

        var types = await Eventually.Until(Cluster.QueueTypesAsync, t => t.ContainsKey(QueueNames.ProcessImageErrors),
            "process-image_error to exist", TimeSpan.FromSeconds(30));
        foreach (var queue in new[] { QueueNames.ProcessImage, QueueNames.JobState, QueueNames.Notifier, QueueNames.ProcessImageErrors })
            types.ShouldContainKeyAndValue(queue, "quorum", queue);
        var perReplica = types.Where(q => QueueNames.IsTemporary(q.Key)).ToList();
        perReplica.ShouldNotBeEmpty("every Api replica has its heartbeat queue");
        perReplica.ShouldAllBe(q => q.Value == "classic");

        var members = (await Cluster.GetAsync($"api/queues/%2F/{QueueNames.ProcessImage}")).GetProperty("members");
        members.GetArrayLength().ShouldBe(RabbitCluster.Size, "a replica of process-image on each node");
    }

    [Fact]
    public async Task Stopping_the_node_that_leads_process_image_loses_no_accepted_job()
    {
        var accepted = new ConcurrentQueue<Guid>();
        using var stopUploading = new CancellationTokenSource();
        var uploads = UploadSteadilyAsync(accepted, stopUploading.Token);

        await Eventually.Until(async () => (await CompletedAsync()).Count, done => done >= 5, "5 jobs completed before the stop", Deadline);
        var leader = await Cluster.LeaderOfAsync(QueueNames.ProcessImage);
        var stopIssued = DateTime.UtcNow;
        await Cluster.StopNodeAsync(leader);
        var nodeDown = DateTime.UtcNow;
        var acceptedBeforeDown = accepted.Count;

        var firstAfter = await Eventually.Until(async () => (await CompletedAsync()).Where(j => j.FinishedAt > nodeDown).MinBy(j => j.FinishedAt),
            job => job is not null, $"a job completed after node {leader} (the process-image leader) stopped", Deadline);
        // The pipeline keeps going on two nodes: more uploads after the recovery, then the whole run must drain.
        await Eventually.Until(() => accepted.Count >= acceptedBeforeDown + 10, "10 more uploads accepted after the stop", Deadline);
        await stopUploading.CancelAsync();
        await uploads;

        var ids = accepted.ToList();
        var jobs = await Http.WaitForEndAsync(ids, Deadline);
        jobs.Values.Where(j => j.State != "Completed").ShouldBeEmpty("every accepted job completes");
        var newLeader = await Cluster.LeaderOfAsync(QueueNames.ProcessImage);
        newLeader.ShouldNotBe(leader, "a follower took over process-image");

        var recovery = firstAfter!.FinishedAt!.Value - nodeDown;
        var finished = jobs.Values.Select(j => j.FinishedAt!.Value).Order().ToList();
        var longestGap = finished.Zip(finished.Skip(1), (a, b) => (Gap: b - a, b)).Where(p => p.b > stopIssued).Max(p => p.Gap);
        var report = $"cluster failover: {ids.Count} accepted, {jobs.Values.Count(j => j.State == "Completed")} completed, "
            + $"{jobs.Values.Count(j => j.Attempts > 1)} redelivered (attempts > 1), 0 lost; stopped node {leader} (leader of process-image) "
            + $"in {(nodeDown - stopIssued).TotalSeconds:0.0} s; first job completed {recovery.TotalSeconds:0.00} s after the node was down; "
            + $"longest gap between completions from the stop on {longestGap.TotalSeconds:0.00} s; new leader node {newLeader}";
        output.WriteLine(report);
        await File.AppendAllTextAsync(Path.Combine(system.LogDirectory, "cluster-failover.txt"), report + "\n");
    }

    /// <summary>About three uploads a second until cancelled; an upload the Api refuses fails the test.</summary>
    async Task UploadSteadilyAsync(ConcurrentQueue<Guid> accepted, CancellationToken stop)
    {
        var image = JobsClient.Jpeg(640, 480);
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(300));
        try
        {
            while (await pace.WaitForNextTickAsync(stop)) accepted.Enqueue(await Http.UploadAsync(image));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
    }

    async Task<List<Job>> CompletedAsync()
    {
        var page = await Http.GetFromJsonAsync<JsonElement>("jobs?state=Completed&pageSize=500");
        return page.GetProperty("items").Deserialize<List<Job>>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }
}
