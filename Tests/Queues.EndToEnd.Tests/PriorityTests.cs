using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Queues.EndToEnd.Tests;

/// <summary>The system with Jobs:MaxWaitingInBroker set, on classic queues and on quorum queues, each on a node of its own.</summary>
public sealed class PrioritySystem() : DistributedSystem(new() { ["Jobs__MaxWaitingInBroker"] = "4" });

public sealed class QuorumPrioritySystem() : DistributedSystem(new() { ["Jobs__MaxWaitingInBroker"] = "4", ["Bus__QuorumQueues"] = "true" });

[CollectionDefinition(Name)]
public sealed class PriorityCollection : ICollectionFixture<PrioritySystem>
{
    public const string Name = "priority";
}

[CollectionDefinition(Name)]
public sealed class QuorumPriorityCollection : ICollectionFixture<QuorumPrioritySystem>
{
    public const string Name = "quorum-priority";
}

[Collection(PriorityCollection.Name)]
public sealed class ClassicPriorityTests(PrioritySystem system)
{
    [Fact]
    public Task A_high_job_sent_after_a_normal_backlog_completes_before_most_of_it() => PriorityOrder.CheckAsync(system.Http);

    /// <summary>Delete on the real S3 server: the original and the result are gone from storage.</summary>
    [Fact]
    public async Task Deleting_a_completed_job_removes_its_objects_from_storage()
    {
        var id = await system.Http.UploadAsync(JobsClient.Jpeg(800, 600));
        (await system.Http.WaitForEndAsync([id], TimeSpan.FromSeconds(60)))[id].State.ShouldBe("Completed");
        var job = await system.Http.GetFromJsonAsync<JsonElement>($"jobs/{id}");
        string[] keys = [$"originals/{id:N}.jpg", $"results/{id:N}.jpg"];
        foreach (var key in keys) (await system.Storage.GetAsync(key)).ShouldNotBeNull(key);
        job.GetProperty("links").GetProperty("result").GetString().ShouldNotBeNull();

        using var deleted = await system.Http.DeleteAsync($"jobs/{id}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        foreach (var key in keys) (await system.Storage.GetAsync(key)).ShouldBeNull(key);
        using var gone = await system.Http.GetAsync($"jobs/{id}");
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

[Collection(QuorumPriorityCollection.Name)]
public sealed class QuorumPriorityTests(QuorumPrioritySystem system)
{
    [Fact]
    public Task A_high_job_sent_after_a_normal_backlog_completes_before_most_of_it() => PriorityOrder.CheckAsync(system.Http);
}

static class PriorityOrder
{
    /// <summary>
    /// 40 normal 12 MP jobs with a full-size blur (about a second each) on 2 workers × 2 slots, then one high job: with at
    /// most 4 waiting in the broker, the high one waits behind those and the 4 running, not behind the whole backlog.
    /// </summary>
    public static async Task CheckAsync(HttpClient http)
    {
        var image = JobsClient.Jpeg(4000, 3000);
        var normal = await http.UploadManyAsync(40, image, "blur:4,grayscale,resize:320x320");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(image) { Headers = { ContentType = new("image/jpeg") } }, "file", "high.jpg" },
            { new StringContent("blur:4,grayscale,resize:320x320"), "operations" },
            { new StringContent("high"), "priority" },
        };
        using var accepted = await http.PostAsync("jobs", form);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var high = (await accepted.Content.ReadFromJsonAsync<Job>())!.Id;

        var all = await http.WaitForEndAsync([.. normal, high], TimeSpan.FromSeconds(240));
        all.Values.ShouldAllBe(j => j.State == "Completed");
        var finished = new Dictionary<Guid, DateTime>();
        foreach (var id in all.Keys)
            finished[id] = (await http.GetFromJsonAsync<JsonElement>($"jobs/{id}")).GetProperty("finishedAt").GetDateTime();
        var after = normal.Count(id => finished[id] > finished[high]);
        after.ShouldBeGreaterThanOrEqualTo(20, $"{after} of 40 normal jobs finished after the high one");
    }
}
