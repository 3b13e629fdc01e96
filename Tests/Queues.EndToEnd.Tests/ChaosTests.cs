using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Minio.DataModel.Args;
using Queues.ServiceDefaults.Messaging;
using Queues.Tests.Support;
using Xunit.Abstractions;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// Issue 12's combined failure: 500 uploads through nginx to two Api replicas on PostgreSQL, three workers on a 3-node
/// RabbitMQ cluster; mid-run one worker is killed (SIGKILL) and the node leading process-image crashes. Every accepted
/// job must complete once: one result object, one applied completion, one announcement, one send.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ChaosTests(ChaosSystem system, ITestOutputHelper output)
{
    const int Uploads = 500;
    static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    static readonly byte[] Image = JobsClient.Jpeg(320, 240);

    [Fact]
    public async Task Killing_a_worker_and_the_process_image_leader_during_500_uploads_completes_every_job_exactly_once()
    {
        await using var feedA = await LiveFeed.OpenAsync(system.Api.BaseAddress);
        await using var feedB = await LiveFeed.OpenAsync(system.ApiB.BaseAddress);
        var notifiedBefore = await NotifierCompletedAsync();
        var sentBefore = await SentAsync();
        var accepted = new ConcurrentQueue<Guid>();
        var refused = new ConcurrentQueue<string>();
        var started = DateTime.UtcNow;
        var uploads = Parallel.ForEachAsync(Enumerable.Range(0, Uploads), new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (_, _) =>
        {
            using var response = await system.Balancer.PostAsync(Image);
            if (response.StatusCode == HttpStatusCode.Accepted) accepted.Enqueue((await response.Content.ReadFromJsonAsync<Job>())!.Id);
            else refused.Enqueue($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        });

        // Mid-run: uploads still coming, the workers busy.
        await Eventually.Until(async () => accepted.Count >= 150 && await CountAsync("Completed") >= 20,
            "150 uploads accepted and 20 jobs completed before the failures", Deadline);
        var killed = DateTime.UtcNow;
        system.Workers[0].Kill();
        var leader = await system.Cluster.LeaderOfAsync(QueueNames.ProcessImage);
        var crash = DateTime.UtcNow;
        await system.Cluster.KillNodeAsync(leader);
        var acceptedAtCrash = accepted.Count;
        await uploads;
        var uploadSeconds = (DateTime.UtcNow - started).TotalSeconds;
        refused.ShouldBeEmpty("an upload writes only the jobs table: losing a worker or a broker node refuses none");

        var jobs = await WaitForEveryJobToEndAsync(accepted.Count);
        // A job sent after all of them: once the notifier has counted it, it has counted the ones before. Waited for, not
        // asserted yet: the counts below are written out first, so a failing run still reports what it saw.
        var sentinel = await system.Balancer.UploadAsync(JobsClient.Jpeg(64, 48));
        var ids = accepted.Append(sentinel).ToHashSet();
        try
        {
            await Eventually.Until(async () => await NotifierCompletedAsync() - notifiedBefore >= ids.Count,
                "the notifier to count every completion and the sentinel's", TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException e) { output.WriteLine(e.Message); }
        jobs = await WaitForEveryJobToEndAsync(ids.Count);

        var lost = jobs.Values.Where(j => j.State != "Completed").Select(j => $"{j.Id}: {j.State}").ToList();
        var results = await ResultObjectsAsync();
        var duplicatedResults = results.Where(r => r.Value > 1).ToList();
        var twiceApplied = new[] { feedA, feedB }.SelectMany(feed => feed.Completed.GroupBy(c => c.JobId).Where(g => g.Count() > 1).Select(g => g.Key)).ToList();
        var notified = await NotifierCompletedAsync() - notifiedBefore;
        var resentByWatchdog = new[] { system.Api, system.ApiB }.Sum(api => CountOf(api.LogText(), "which has not held it for"));
        var sent = await SentAsync() - sentBefore;
        var redelivered = jobs.Values.Where(j => j.Attempts > 1).ToList();

        var finished = jobs.Values.Select(j => j.FinishedAt!.Value).Order().ToList();
        var firstAfterCrash = finished.First(f => f > crash) - crash;
        var firstNew = jobs.Values.Where(j => j.QueuedAt > crash).Select(j => j.FinishedAt!.Value).DefaultIfEmpty().Min();
        var longestGap = finished.Zip(finished.Skip(1), (a, b) => (Gap: b - a, End: b)).Where(p => p.End > crash).Max(p => p.Gap);
        var newLeader = await system.Cluster.LeaderOfAsync(QueueNames.ProcessImage);
        var afterCrash = firstNew == default ? "no upload was accepted after it" : $"the first job accepted after it completed {(firstNew - crash).TotalSeconds:0.00} s after it";
        var report = $"chaos: {accepted.Count} accepted (+1 sentinel), {jobs.Values.Count(j => j.State == "Completed")} completed, "
            + $"{redelivered.Count} redelivered (attempts > 1; {redelivered.Sum(j => j.Attempts - 1)} extra attempts), {lost.Count} lost, "
            + $"{duplicatedResults.Count} duplicated result objects, {twiceApplied.Count} completions applied twice; "
            + $"notifier counted {notified} JobCompleted for {ids.Count} jobs; {sent} ProcessImage sent ({resentByWatchdog} by the watchdog); "
            + $"killed worker {DistributedSystem.WorkerId(0)} and node {leader} (leader of process-image; new leader node {newLeader}) "
            + $"with {acceptedAtCrash} uploads accepted; uploads took {uploadSeconds:0.0} s; first completion {firstAfterCrash.TotalSeconds:0.00} s "
            + $"after the node crash, {afterCrash}; longest gap between completions {longestGap.TotalSeconds:0.00} s; "
            + $"all done {(finished[^1] - started).TotalSeconds:0.0} s after the first upload";
        output.WriteLine(report);
        await File.AppendAllTextAsync(Path.Combine(system.LogDirectory, "chaos.txt"), report + "\n");

        jobs.Keys.ShouldBe(ids, ignoreOrder: true, "the jobs table holds exactly the accepted jobs");
        lost.ShouldBeEmpty("every accepted job completes");
        duplicatedResults.ShouldBeEmpty("one result object per job (results/{job}.jpg, overwritten by a redelivery)");
        results.Keys.ShouldBe(ids.Select(id => id.ToString("N")), ignoreOrder: true, "every job's result in S3, and nothing else");
        twiceApplied.ShouldBeEmpty("no job's completion applied twice (each replica's feed streams each applied transition)");
        notified.ShouldBe(ids.Count, "one JobCompleted per job, counted by the notifier");
        sent.ShouldBe(ids.Count + resentByWatchdog, $"one ProcessImage per job, plus one per job the watchdog sent again ({resentByWatchdog})");
        redelivered.Where(j => j.FinishedAt < killed).Select(j => $"{j.Id}: {j.Attempts}").ShouldBeEmpty("attempts > 1 only for jobs still running at the kill");
    }

    sealed record Row(Guid Id, string State, int Attempts, DateTime QueuedAt, DateTime? FinishedAt);

    /// <summary>Every job's row once none is Queued or Processing; if not in time, the failure names the stuck ones.</summary>
    async Task<Dictionary<Guid, Row>> WaitForEveryJobToEndAsync(int count)
    {
        try
        {
            await Eventually.Until(() => CountAsync("Completed", "Failed"), n => n >= count,
                $"{count} jobs to end", Deadline);
        }
        catch (TimeoutException e)
        {
            var stuck = await system.SqlAsync("""SELECT "Id", "State", "WorkerId", "Attempts", "PublishedAt" FROM jobs WHERE "State" IN ('Queued', 'Processing')""");
            var queue = await system.Cluster.GetAsync($"api/queues/%2F/{QueueNames.ProcessImage}");
            // A node's statistics can lack the counts for a while after a failover: what it has, or "?".
            string Count(string name) => queue.TryGetProperty(name, out var value) ? value.ToString() : "?";
            throw new TimeoutException($"{e.Message}. Stuck: {string.Join("; ", stuck.Take(20))}. process-image: "
                + $"{Count("messages_ready")} ready, {Count("messages_unacknowledged")} unacknowledged, leader {Count("leader")}, members {Count("members")}", e);
        }
        return (await system.SqlAsync("""SELECT "Id", "State", "Attempts", extract(epoch from "QueuedAt"), extract(epoch from "FinishedAt") FROM jobs"""))
            .Select(line => line.Split('|'))
            .Select(c => new Row(Guid.Parse(c[0]), c[1], int.Parse(c[2], CultureInfo.InvariantCulture), Epoch(c[3]), c[4].Length == 0 ? null : Epoch(c[4])))
            .ToDictionary(r => r.Id);
    }

    static DateTime Epoch(string seconds) => DateTime.UnixEpoch.AddSeconds(double.Parse(seconds, CultureInfo.InvariantCulture));

    /// <summary>Jobs in the given states. Paced to one psql process a second, not one every 50 ms as Eventually polls.</summary>
    async Task<int> CountAsync(params string[] states)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        var list = string.Join(", ", states.Select(s => $"'{s}'"));
        return int.Parse((await system.SqlAsync($"""SELECT count(*) FROM jobs WHERE "State" IN ({list})"""))[0], CultureInfo.InvariantCulture);
    }

    /// <summary>Result objects in S3 by job (the first 32 characters of the name, the job id), and how many each has.</summary>
    async Task<Dictionary<string, int>> ResultObjectsAsync()
    {
        var counts = new Dictionary<string, int>();
        await foreach (var item in system.S3.ListObjectsEnumAsync(new ListObjectsArgs().WithBucket("results").WithRecursive(true)))
        {
            var job = item.Key[..Math.Min(32, item.Key.Length)];
            counts[job] = counts.GetValueOrDefault(job) + 1;
        }
        return counts;
    }

    /// <summary>queues_jobs_dispatched_total over both replicas: the ProcessImage commands their outboxes sent.</summary>
    async Task<long> SentAsync() =>
        await system.Http.CounterAsync("queues_jobs_dispatched_total") + await system.HttpB.CounterAsync("queues_jobs_dispatched_total");

    async Task<long> NotifierCompletedAsync()
    {
        using var http = new HttpClient { BaseAddress = system.Notifier.BaseAddress };
        return (await http.GetFromJsonAsync<System.Text.Json.JsonElement>("stats")).GetProperty("completed").GetInt64();
    }

    static int CountOf(string text, string phrase)
    {
        var count = 0;
        for (var at = text.IndexOf(phrase, StringComparison.Ordinal); at >= 0; at = text.IndexOf(phrase, at + phrase.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
