using System.Net.Http.Json;
using System.Text.Json;

namespace Queues.EndToEnd.Tests;

/// <summary>Two tenants on one pipeline, ApiKey mode, the default fair dispatch (Tenants:MaxWaitingInBrokerPerTenant 64).</summary>
public sealed class FairSystem() : DistributedSystem(new()
{
    ["Auth__Mode"] = "ApiKey",
    ["Auth__Keys__0__Key"] = FairDispatchTests.FloodKey,
    ["Auth__Keys__0__Tenant"] = "flood",
    ["Auth__Keys__0__MaxJobsInFlight"] = "5000",
    ["Auth__Keys__1__Key"] = FairDispatchTests.SmallKey,
    ["Auth__Keys__1__Tenant"] = "small",
    ["Auth__Keys__2__Key"] = FairDispatchTests.OperatorKey,
    ["Auth__Keys__2__Tenant"] = "ops",
    ["Auth__Keys__2__Role"] = "Operator",
});

[CollectionDefinition(Name)]
public sealed class FairCollection : ICollectionFixture<FairSystem>
{
    public const string Name = "fair";
}

[Collection(FairCollection.Name)]
public sealed class FairDispatchTests(FairSystem system)
{
    public const string FloodKey = "e2e-flood-tenant-key-0000000", SmallKey = "e2e-small-tenant-key-0000000",
        OperatorKey = "e2e-fair-operator-key-000000";
    const int Flood = 2000, Small = 20;

    /// <summary>
    /// One tenant's 2,000 jobs, then another's 20, uploaded while processing is paused (so the whole flood is a backlog when
    /// the workers start), then resumed, on 2 workers × 2 slots. The small tenant's jobs go out in turns with the flood's,
    /// so they wait behind at most the flood's 64 jobs already in the broker and about one of the flood's for each of
    /// theirs: under 100 of the flood's completions, inside the 200 the issue allows. First come, first served, they
    /// would wait for all 2,000.
    /// </summary>
    [Fact]
    public async Task A_small_tenants_jobs_complete_before_a_flood_of_another_completes_200_more_and_every_job_completes()
    {
        using var flood = Client(FloodKey);
        using var small = Client(SmallKey);
        using var ops = Client(OperatorKey);
        (await ops.PostAsync("processing/pause", null)).EnsureSuccessStatusCode();
        // The switch reaches the workers through the broker: upload only once every worker says it has stopped taking jobs.
        await WorkersPausedAsync(ops);
        for (var sent = 0; sent < Flood; sent += 1000)
            await BatchAsync(flood, 1000);
        var smallIds = await BatchAsync(small, Small);
        (await CompletedAsync(flood)).ShouldBe(0, "nothing runs while paused");

        (await ops.PostAsync("processing/resume", null)).EnsureSuccessStatusCode();
        (await small.WaitForEndAsync(smallIds, TimeSpan.FromMinutes(3))).Values.ShouldAllBe(j => j.State == "Completed");
        var floodDone = await CompletedAsync(flood);
        floodDone.ShouldBeLessThan(200, $"the flood completed {floodDone} jobs before the small tenant's {Small} were all done");

        await Eventually.Until(() => CompletedAsync(flood), done => done == Flood, $"all {Flood} of the flood's jobs to complete",
            TimeSpan.FromMinutes(6));
        (await CompletedAsync(small)).ShouldBe(Small);
    }

    HttpClient Client(string key)
    {
        var http = new HttpClient { BaseAddress = system.Api.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    async Task WorkersPausedAsync(HttpClient ops)
    {
        var ids = Enumerable.Range(0, system.Workers.Length).Select(DistributedSystem.WorkerId).ToHashSet();
        await Eventually.Until(async () => (await ops.GetFromJsonAsync<JsonElement>("workers")).EnumerateArray()
                .Count(w => ids.Contains(w.GetProperty("workerId").GetString()!) && w.GetProperty("online").GetBoolean()
                            && w.GetProperty("paused").GetBoolean()),
            paused => paused == ids.Count, $"the {ids.Count} workers to report paused", TimeSpan.FromSeconds(30));
    }

    static async Task<List<Guid>> BatchAsync(HttpClient http, int count)
    {
        using var response = await http.PostAsync($"jobs/batch?count={count}", null);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("ids").EnumerateArray().Select(id => id.GetGuid()).ToList();
    }

    /// <summary>The caller's tenant's Completed jobs: its key sees only its own.</summary>
    static async Task<int> CompletedAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("jobs?state=Completed&pageSize=1")).GetProperty("total").GetInt32();
}
