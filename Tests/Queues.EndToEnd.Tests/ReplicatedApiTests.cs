using System.Net.Http.Json;
using System.Text.Json;
using Queues.ServiceDefaults.Messaging;
using Queues.Tests.Support;
using Xunit.Abstractions;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// Two Api replicas on one PostgreSQL database, as behind a load balancer: "job-state" is one queue they compete on,
/// so each applies about half of the job changes; each one's live feed must still show all of them, and their two
/// outboxes must still send each job once.
/// </summary>
[Collection(ReplicatedCollection.Name)]
public sealed class ReplicatedApiTests(ReplicatedSystem system, ITestOutputHelper output)
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);
    static readonly byte[] Image = JobsClient.Jpeg(640, 480);

    [Fact]
    public async Task Every_replicas_live_feed_streams_every_completion_whichever_replica_applied_it()
    {
        await using var feedA = await LiveFeed.OpenAsync(system.Api.BaseAddress);
        await using var feedB = await LiveFeed.OpenAsync(system.ApiB.BaseAddress);
        await using var feedThroughBalancer = await LiveFeed.OpenAsync(system.Balancer.BaseAddress!);
        // The relay is best effort: a change published while the other replica's feed queue is (re)declared, after
        // another test stopped the broker, is not seen there. So first one job uploaded to each replica must show on
        // both feeds: then the relays and the feed queues are up. A pair whose changes went out before a feed queue was
        // back is never seen there, so a new pair is sent every 10 s until one shows (MassTransit reconnects its
        // endpoints after 3 s, then after waits growing to 30 s).
        var relayed = false;
        for (var pair = 1; !relayed; pair++)
        {
            var sentinels = (await system.Http.UploadManyAsync(1, Image)).Concat(await system.HttpB.UploadManyAsync(1, Image)).ToList();
            try
            {
                await Eventually.Until(() => sentinels.All(id => feedA.Completed.Any(c => c.JobId == id) && feedB.Completed.Any(c => c.JobId == id)),
                    "a job uploaded to each replica to show on both feeds", TimeSpan.FromSeconds(10));
                relayed = true;
            }
            catch (TimeoutException) when (pair < 9)
            {
                output.WriteLine($"sentinel pair {pair} not seen on both feeds within 10 s; sending another");
            }
        }
        // The completions spread over both replicas only while both consume job-state: a replica's endpoint comes back
        // after a broker restart in an earlier test on MassTransit's own schedule, and until then the other takes all.
        await Eventually.Until(async () => (await system.Http.GetFromJsonAsync<JsonElement>("queues")).GetProperty("queues").EnumerateArray()
                .Single(q => q.GetProperty("name").GetString() == QueueNames.JobState).GetProperty("consumers").GetInt32(),
            consumers => consumers >= 2, "both replicas to consume job-state", TimeSpan.FromSeconds(60));
        // Through nginx, as users upload: it spreads the uploads over both replicas.
        var ids = await system.Balancer.UploadManyAsync(40, Image);

        var jobs = await system.Http.WaitForEndAsync(ids, Deadline);
        jobs.Values.ShouldAllBe(j => j.State == "Completed");
        var replicaA = ReplicatedSystem.ReplicaId(system.Api);
        var replicaB = ReplicatedSystem.ReplicaId(system.ApiB);
        foreach (var (feed, name) in new[] { (feedA, "A"), (feedB, "B"), (feedThroughBalancer, "behind nginx") })
        {
            await Eventually.Until(() => ids.All(id => feed.Completed.Any(c => c.JobId == id)),
                $"replica {name}'s /events to show all {ids.Count} completions (has {feed.Completed.Count(c => ids.Contains(c.JobId))}; "
                + $"missing, by the replica that applied them: {Missing(feed)})", TimeSpan.FromSeconds(30));

            var completions = feed.Completed.Where(c => ids.Contains(c.JobId)).ToList();
            completions.Count.ShouldBe(ids.Count, $"each completion streamed once on {name}: its own changes do not come back from the bus too");
            var byReplica = completions.GroupBy(c => c.Replica).ToDictionary(g => g.Key, g => g.Count());
            byReplica.Keys.ShouldBe([replicaA, replicaB], ignoreOrder: true, "both replicas consume job-state events, and each feed shows both's");
        }

        string Missing(LiveFeed feed) => string.Join(", ", ids.Where(id => !feed.Completed.Any(c => c.JobId == id))
            .Select(id => feedA.Completed.Concat(feedB.Completed).FirstOrDefault(c => c.JobId == id)?.Replica ?? "neither")
            .GroupBy(r => r).Select(g => $"{g.Count()} by {g.Key}"));
    }

    [Fact]
    public async Task Both_outboxes_dispatching_at_once_after_the_broker_returns_send_each_job_once()
    {
        List<Guid> ids;
        await system.ServersAsync("broker", "stop");
        try
        {
            // Accepted into the jobs table while nothing can be sent: both outboxes find every row waiting at once.
            var uploads = await Task.WhenAll(system.Http.UploadManyAsync(25, Image), system.HttpB.UploadManyAsync(25, Image));
            ids = uploads.SelectMany(i => i).ToList();
        }
        finally
        {
            await system.ServersAsync("broker", "start");
        }

        var jobs = await system.Http.WaitForEndAsync(ids, Deadline);
        jobs.Values.ShouldAllBe(j => j.State == "Completed");
        // Every send was consumed (the queue holds nothing, ready or unacknowledged) and each consumption is an attempt,
        // so one attempt per job is one ProcessImage sent per job.
        await Eventually.Until(async () => (await QueueDepthAsync("process-image")) == "0\t0",
            "process-image to hold no message, ready or unacknowledged", TimeSpan.FromSeconds(30));
        var after = await Task.WhenAll(ids.Select(id => system.HttpB.GetJobAsync(id)));
        after.Where(j => j.Attempts != 1).Select(j => $"{j.Id}: {j.Attempts}").ShouldBeEmpty("attempts per job (sends per job)");
        after.Sum(j => j.Attempts).ShouldBe(ids.Count);
    }

    async Task<string> QueueDepthAsync(string queue) =>
        // name, type, ready, unacknowledged, leader: "ready<TAB>unacknowledged"
        (await system.ServersAsync("queues"))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(l => l.Split('\t')).Where(p => p.Length >= 4 && p[0] == queue).Select(p => $"{p[2]}\t{p[3]}").SingleOrDefault() ?? "missing";
}
