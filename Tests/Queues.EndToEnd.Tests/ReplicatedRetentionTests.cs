using System.Net;
using Queues.Tests.Support;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// The retention sweep on two replicas sharing one PostgreSQL database and one S3 server: jobs finished long ago
/// go with their objects, recent ones stay, and one replica does the deleting (the lease holder).
/// </summary>
[Collection(ReplicatedCollection.Name)]
public sealed class ReplicatedRetentionTests(ReplicatedSystem system)
{
    static readonly byte[] Image = JobsClient.Jpeg(640, 480);

    [Fact]
    public async Task Jobs_finished_over_the_age_ago_go_with_their_objects_by_one_replica_and_recent_ones_stay()
    {
        await using var feedA = await LiveFeed.OpenAsync(system.Api.BaseAddress);
        await using var feedB = await LiveFeed.OpenAsync(system.ApiB.BaseAddress);
        var ids = await system.Balancer.UploadManyAsync(12, Image);
        (await system.Balancer.WaitForEndAsync(ids, TimeSpan.FromSeconds(120))).Values.ShouldAllBe(j => j.State == "Completed");
        var old = ids.Take(8).ToList();
        var recent = ids.Skip(8).ToList();
        // Each preview is made on its first request, here through either replica; retention deletes it with the job.
        foreach (var id in ids) (await system.Balancer.GetByteArrayAsync($"jobs/{id}/preview")).ShouldNotBeEmpty();
        var keys = await StoredKeysAsync(ids);
        keys.Values.ShouldAllBe(k => k.Count == 3, "each job stored its original, preview and result");
        foreach (var key in keys.Values.SelectMany(k => k)) (await system.Storage.GetAsync(key)).ShouldNotBeNull(key);
        var deletedBefore = await DeletedCountsAsync();

        // As if they had finished a month ago (the replicas keep 7 days).
        await system.SqlAsync($"""UPDATE jobs SET "FinishedAt" = now() - interval '30 days' WHERE "Id" IN ({InList(old)})""");

        // A job counts once its row and its objects are gone.
        var deleted = await Eventually.Until(async () => (await DeletedCountsAsync()).Zip(deletedBefore, (after, before) => after - before).ToArray(),
            counts => counts.Sum() >= old.Count, $"queues_retention_deleted_total to grow by {old.Count} over both replicas", TimeSpan.FromSeconds(60));
        foreach (var id in old)
        {
            (await IsGoneAsync(id)).ShouldBeTrue($"swept job {id}: GET /jobs/{{id}} is 404");
            foreach (var key in keys[id]) (await system.Storage.GetAsync(key)).ShouldBeNull($"{key} of swept job {id}");
        }
        foreach (var id in recent)
        {
            (await system.Balancer.GetJobAsync(id)).State.ShouldBe("Completed", $"recent job {id} kept");
            foreach (var key in keys[id]) (await system.Storage.GetAsync(key)).ShouldNotBeNull($"{key} of recent job {id}");
        }

        deleted.Sum().ShouldBe(old.Count, "queues_retention_deleted_total over both replicas");
        deleted.Count(n => n > 0).ShouldBe(1, $"one replica swept (A deleted {deleted[0]}, B {deleted[1]})");
        // Every deletion reaches both replicas' live feeds: the sweeper's own, and the other's over the bus.
        foreach (var (feed, name) in new[] { (feedA, "A"), (feedB, "B") })
            await Eventually.Until(() => old.All(id => feed.Deleted.Any(c => c.JobId == id)),
                $"replica {name}'s /events to show the {old.Count} deletions", TimeSpan.FromSeconds(30));
    }

    async Task<bool> IsGoneAsync(Guid id)
    {
        using var response = await system.Balancer.GetAsync($"jobs/{id}");
        return response.StatusCode == HttpStatusCode.NotFound;
    }

    /// <summary>Each job's original, preview and result keys, as its row names them.</summary>
    async Task<Dictionary<Guid, List<string>>> StoredKeysAsync(List<Guid> ids) =>
        (await system.SqlAsync($"""SELECT "Id", "OriginalKey", "PreviewKey", "ResultKey" FROM jobs WHERE "Id" IN ({InList(ids)})"""))
        .Select(row => row.Split('|'))
        .ToDictionary(c => Guid.Parse(c[0]), c => c.Skip(1).Where(k => k.Length > 0).ToList());

    static string InList(IEnumerable<Guid> ids) => string.Join(", ", ids.Select(id => $"'{id}'"));

    /// <summary>queues_retention_deleted_total on replica A and on replica B.</summary>
    async Task<long[]> DeletedCountsAsync() =>
        [await system.Http.CounterAsync("queues_retention_deleted_total"), await system.HttpB.CounterAsync("queues_retention_deleted_total")];
}
