using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Queues.ServiceDefaults.Messaging;
using Queues.Tests.Support;
using Xunit.Abstractions;

namespace Queues.EndToEnd.Tests;

/// <summary>The pipeline on a 3-node RabbitMQ cluster: quorum queues everywhere they can be, and a node lost under load.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusterFailoverTests(ClusterSystem system, ITestOutputHelper output)
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
    public async Task Losing_the_node_that_leads_process_image_loses_no_accepted_job()
    {
        var accepted = new ConcurrentQueue<Guid>();
        using var stopUploading = new CancellationTokenSource();
        var uploads = UploadSteadilyAsync(accepted, stopUploading.Token);

        await Eventually.Until(async () => (await CompletedAsync()).Count, done => done >= 5, "5 jobs completed before the crash", Deadline);
        var leader = await Cluster.LeaderOfAsync(QueueNames.ProcessImage);
        // A crash (SIGKILL) rather than a graceful stop: a graceful one hands over for seconds while jobs keep completing,
        // so "the first job after the stop" would measure nothing; the kill has one instant to measure from.
        var crash = DateTime.UtcNow;
        await Cluster.KillNodeAsync(leader);
        var acceptedBeforeCrash = accepted.Count;
        try
        {
            await AfterTheCrashAsync(accepted, stopUploading, uploads, leader, crash, acceptedBeforeCrash);
        }
        catch (TimeoutException e)
        {
            // What the surviving nodes say of the queue: a leader elected or not, which members are online.
            throw new TimeoutException($"{e.Message}; {await Cluster.QuorumStatusAsync(QueueNames.ProcessImage)}", e);
        }
        finally
        {
            // The collection's other tests run on the whole cluster again.
            await stopUploading.CancelAsync();
            await Cluster.StartNodeAsync(leader);
        }
    }

    /// <summary>
    /// The outbox's answer to a channel the broker keeps rejecting sends on, made to happen on purpose: with the workers
    /// paused (no consumer) a policy caps process-image at 0 messages with reject-publish, so once one message waits
    /// there every publish is rejected, and MassTransit retries each on the same channel. After 10 s of pending sends
    /// the outbox takes a new channel and stops the old one, which fails the sends it held, so their jobs are sent
    /// again on the new one; once the cap is gone and the workers resume, every job completes, each sent once.
    /// </summary>
    [Fact]
    public async Task Sends_the_broker_keeps_rejecting_move_to_a_new_channel_and_every_job_completes_once_it_accepts_them()
    {
        const string policy = "reject-every-publish";
        var replacementsBefore = ChannelReplacements().Count;
        List<Guid> ids;
        var capped = false;
        (await Http.PostAsync("processing/pause", null)).EnsureSuccessStatusCode();
        try
        {
            await Eventually.Until(() => ProcessImageCountAsync("consumers"), consumers => consumers == 0, "the paused workers to leave process-image without a consumer",
                Deadline);
            await Cluster.SetPolicyAsync(policy, $"^{QueueNames.ProcessImage}$", """{"max-length":0,"overflow":"reject-publish"}""");
            capped = true;
            // The cap is checked as the queue's state goes round, not per publish: a first job has to be there before the others are refused.
            ids = [await Http.UploadAsync(JobsClient.Jpeg(320, 240))];
            await Eventually.Until(() => ProcessImageCountAsync("messages"), messages => messages == 1, "the first job to wait in process-image", Deadline);
            ids.AddRange(await Http.UploadManyAsync(2, JobsClient.Jpeg(320, 240)));
            await Eventually.Until(() => ChannelReplacements().Count > replacementsBefore, "the outbox to take a new channel for its rejected sends",
                TimeSpan.FromSeconds(75));
            var replacement = ChannelReplacements()[^1];
            await Eventually.Until(OutboxQueuesAsync, q => q.SetEquals([replacement]),
                $"the old outbox queue to go with its endpoint, leaving only the new one ({replacement})", TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (capped) await Cluster.ClearPolicyAsync(policy);
            (await Http.PostAsync("processing/resume", null)).EnsureSuccessStatusCode();
        }

        var jobs = await WaitForEndAsync(ids);
        jobs.Values.ShouldAllBe(j => j.State == "Completed" && j.Attempts == 1, string.Join("; ", jobs.Values));
    }

    /// <summary>The queue of each new channel the Api's log says its outbox took, in order.</summary>
    List<string> ChannelReplacements() => NewChannel().Matches(system.Api.LogText()).Select(m => m.Groups["queue"].Value).ToList();

    [GeneratedRegex(@"sending on a new channel \((?<queue>[^)]+)\)")]
    private static partial Regex NewChannel();

    /// <summary>A count of process-image's (consumers, messages); 0 where it does not exist yet (its first send declares it).</summary>
    async Task<int> ProcessImageCountAsync(string count)
    {
        try { return (await Cluster.GetAsync($"api/queues/%2F/{QueueNames.ProcessImage}")).TryGetProperty(count, out var n) ? n.GetInt32() : 0; }
        catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.NotFound) { return 0; }
    }

    async Task<HashSet<string>> OutboxQueuesAsync() =>
        (await Cluster.QueueTypesAsync()).Keys.Where(q => q.StartsWith(QueueNames.OutboxPrefix, StringComparison.Ordinal)).ToHashSet();

    async Task AfterTheCrashAsync(ConcurrentQueue<Guid> accepted, CancellationTokenSource stopUploading, Task uploads, int leader,
        DateTime crash, int acceptedBeforeCrash)
    {
        // The first job accepted after the crash that completes went through the new process-image leader.
        var firstNew = await Eventually.Until(async () => (await CompletedAsync()).Where(j => j.QueuedAt > crash).MinBy(j => j.FinishedAt),
            job => job is not null, $"a job accepted after node {leader} (the process-image leader) crashed to complete", Deadline);
        await Eventually.Until(() => accepted.Count >= acceptedBeforeCrash + 10, "10 more uploads accepted after the crash", Deadline);
        await stopUploading.CancelAsync();
        await uploads;

        var ids = accepted.ToList();
        var jobs = await WaitForEndAsync(ids);
        jobs.Values.Where(j => j.State != "Completed").ShouldBeEmpty("every accepted job completes");
        var newLeader = await Cluster.LeaderOfAsync(QueueNames.ProcessImage);
        newLeader.ShouldNotBe(leader, "a follower took over process-image");

        var finished = jobs.Values.Select(j => j.FinishedAt!.Value).Order().ToList();
        var firstAny = finished.First(f => f > crash) - crash;
        var longestGap = finished.Zip(finished.Skip(1), (a, b) => (Gap: b - a, End: b)).Where(p => p.End > crash).Max(p => p.Gap);
        var report = $"cluster failover: {ids.Count} accepted, {jobs.Values.Count(j => j.State == "Completed")} completed, "
            + $"{jobs.Values.Count(j => j.Attempts > 1)} redelivered (attempts > 1), 0 lost; killed node {leader} (leader of process-image), "
            + $"new leader node {newLeader}; first job accepted after the crash completed {(firstNew!.FinishedAt!.Value - crash).TotalSeconds:0.00} s "
            + $"after it; first completion of any job {firstAny.TotalSeconds:0.00} s after it; longest gap between completions {longestGap.TotalSeconds:0.00} s";
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

    /// <summary>Every job ended; if not in time, the failure names the unfinished jobs and what process-image holds.</summary>
    async Task<Dictionary<Guid, Job>> WaitForEndAsync(List<Guid> ids)
    {
        try
        {
            return await Http.WaitForEndAsync(ids, Deadline);
        }
        catch (TimeoutException e)
        {
            var unfinished = new List<Job>();
            foreach (var id in ids)
                if (await Http.GetJobAsync(id) is { State: not ("Completed" or "Failed") } job) unfinished.Add(job);
            var queue = await Cluster.GetAsync($"api/queues/%2F/{QueueNames.ProcessImage}");
            throw new TimeoutException($"{e.Message}. Unfinished: {string.Join("; ", unfinished)}. process-image: "
                + $"{queue.GetProperty("messages_ready")} ready, {queue.GetProperty("messages_unacknowledged")} unacknowledged", e);
        }
    }

    async Task<List<Job>> CompletedAsync()
    {
        var page = await Http.GetFromJsonAsync<JsonElement>("jobs?state=Completed&pageSize=500");
        return page.GetProperty("items").Deserialize<List<Job>>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }
}
