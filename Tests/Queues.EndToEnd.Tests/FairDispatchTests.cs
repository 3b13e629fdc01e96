using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// Tenants on one pipeline of 3 workers, ApiKey mode, the default fair dispatch (Tenants:MaxWaitingInBrokerPerTenant 64),
/// with tenant "three" of weight 3 and tenant "capped" at 1 job processing.
/// </summary>
public sealed class FairSystem() : DistributedSystem(new(FairFlood.Keys)
{
    ["Auth__Keys__3__Key"] = FairDispatchTests.ThreeKey,
    ["Auth__Keys__3__Tenant"] = "three",
    ["Auth__Keys__3__MaxJobsInFlight"] = "5000",
    ["Auth__Keys__4__Key"] = FairDispatchTests.OneKey,
    ["Auth__Keys__4__Tenant"] = "one",
    ["Auth__Keys__4__MaxJobsInFlight"] = "5000",
    ["Auth__Keys__5__Key"] = FairDispatchTests.CappedKey,
    ["Auth__Keys__5__Tenant"] = "capped",
    ["Tenants__Overrides__three__Weight"] = "3",
    ["Tenants__Overrides__capped__MaxProcessing"] = "1",
}, workers: 3);

/// <summary>The fair system's two tenants and operator on two Api replicas behind nginx, on PostgreSQL.</summary>
public sealed class FairReplicatedSystem() : ReplicatedSystem(new(FairFlood.Keys));

[CollectionDefinition(Name)]
public sealed class FairReplicatedCollection : ICollectionFixture<FairReplicatedSystem>
{
    public const string Name = "fair-replicated";
}

[CollectionDefinition(Name)]
public sealed class FairCollection : ICollectionFixture<FairSystem>
{
    public const string Name = "fair";
}

[Collection(FairCollection.Name)]
public sealed class FairDispatchTests(FairSystem system, ITestOutputHelper output)
{
    public const string ThreeKey = "e2e-three-tenant-key-0000000",
        OneKey = "e2e-one-tenant-key-00000000000", CappedKey = "e2e-capped-tenant-key-000000";

    /// <summary>
    /// One tenant's 2,000 jobs, then another's 20, uploaded while processing is paused (so the whole flood is a backlog when
    /// the workers start), then resumed, on 3 workers × 2 slots. The small tenant's jobs go out in turns with the flood's,
    /// so they wait behind at most the flood's 64 jobs already in the broker and about one of the flood's for each of
    /// theirs: under 100 of the flood's completions, inside the 200 the issue allows. First come, first served, they
    /// would wait for all 2,000.
    /// </summary>
    [Fact]
    public async Task A_small_tenants_jobs_complete_before_a_flood_of_another_completes_200_more_and_every_job_completes() =>
        output.WriteLine($"the flood completed {await FairFlood.RunAsync(system.Api.BaseAddress, system.Workers.Length, flood: 2000)} " +
            "jobs before the small tenant's last");

    /// <summary>
    /// Tenants of weights 3 and 1, each with a backlog (1,500 and 500 jobs uploaded while paused): once the broker's first
    /// two fills are served (512 jobs; the first uploader's fill went first, and the turns even it out), the next 800
    /// completions, while both still have jobs waiting, split 3:1 within ±10 %. The outbox sends in weighted turns and the
    /// workers take the one queue in order, so the completions follow the sends. Read from the rows' finish times once all
    /// are done, not by polling counts during the run.
    /// </summary>
    [Fact]
    public async Task Completions_split_by_the_tenants_weights_while_both_have_a_backlog()
    {
        using var three = Client(ThreeKey);
        using var one = Client(OneKey);
        using var ops = Client(FairFlood.OperatorKey);
        (await ops.PostAsync("processing/pause", null)).EnsureSuccessStatusCode();
        await WorkersPausedAsync(ops);
        // Uploads:MaxBatch is 1,000 a request.
        await BatchAsync(three, 750);
        await BatchAsync(three, 750);
        await BatchAsync(one, 500);
        (await ops.PostAsync("processing/resume", null)).EnsureSuccessStatusCode();

        await Eventually.Until(async () => await CompletedAsync(three) + await CompletedAsync(one), done => done == 2000,
            "all 2,000 jobs of the two tenants to complete", TimeSpan.FromMinutes(6));
        var all = (await CompletedJobsAsync(three)).Select(j => (Tenant: "three", j.FinishedAt))
            .Concat((await CompletedJobsAsync(one)).Select(j => (Tenant: "one", j.FinishedAt)))
            .OrderBy(j => j.FinishedAt).ToList();
        output.WriteLine("tenant three's share of each 100 completions: " + string.Join(" ", all.Chunk(100).Select(c => c.Count(j => j.Tenant == "three"))));
        var window = all.Skip(512).Take(800).ToList();
        int ofThree = window.Count(j => j.Tenant == "three"), ofOne = window.Count(j => j.Tenant == "one");
        output.WriteLine($"{ofThree} of tenant three and {ofOne} of tenant one: {(double)ofThree / ofOne:0.00}");
        ((double)ofThree / ofOne).ShouldBeInRange(2.7, 3.3, $"{ofThree} of tenant three and {ofOne} of tenant one in completions 513 to 1,312");
    }

    /// <summary>
    /// A tenant capped at 1 processing job, 12 jobs on 3 idle workers (6 slots): each starts only after the one before it
    /// finished, read from the rows (a worker's start and finish times, one clock on this machine).
    /// </summary>
    [Fact]
    public async Task A_tenant_capped_at_one_never_has_two_jobs_processing_at_once_on_three_workers()
    {
        using var capped = Client(CappedKey);
        var ids = await BatchAsync(capped, 12);
        var jobs = (await capped.WaitForEndAsync(ids, TimeSpan.FromMinutes(2))).Values.ToList();
        jobs.ShouldAllBe(j => j.State == "Completed");
        var byStart = jobs.OrderBy(j => j.StartedAt).ToList();
        for (var i = 1; i < byStart.Count; i++)
            byStart[i].StartedAt!.Value.ShouldBeGreaterThanOrEqualTo(byStart[i - 1].FinishedAt!.Value,
                $"job {i + 1} of 12 started before job {i} finished: two of the capped tenant's jobs processing at once");
    }

    static Task<List<Job>> CompletedJobsAsync(HttpClient http) => FairFlood.CompletedJobsAsync(http);

    HttpClient Client(string key) => FairFlood.Client(system.Api.BaseAddress, key);

    Task WorkersPausedAsync(HttpClient ops) => FairFlood.WorkersPausedAsync(ops, system.Workers.Length);

    static Task<List<Guid>> BatchAsync(HttpClient http, int count) => FairFlood.BatchAsync(http, count);

    static Task<int> CompletedAsync(HttpClient http) => FairFlood.CompletedAsync(http);
}

/// <summary>
/// Two Api replicas behind nginx, each with its own outbox choosing from one PostgreSQL jobs table: the flood of
/// 1,000 and the small tenant's 20, as on one replica; and every job sent once (one start each), though both replicas
/// dispatch at once.
/// </summary>
[Collection(FairReplicatedCollection.Name)]
public sealed class FairReplicatedDispatchTests(FairReplicatedSystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task Two_replicas_dispatching_at_once_keep_a_small_tenant_ahead_of_a_flood_and_send_each_job_once()
    {
        output.WriteLine($"the flood completed {await FairFlood.RunAsync(system.Balancer.BaseAddress!, system.Workers.Length, flood: 1000)} " +
            "jobs before the small tenant's last");
        (await system.SqlAsync("""SELECT count(*) FROM jobs WHERE "Attempts" <> 1""")).ShouldBe(["0"], "each job started once");
        (await system.SqlAsync("""SELECT count(*) FROM jobs WHERE "State" = 'Completed'""")).ShouldBe(["1020"]);
    }
}

/// <summary>The flood scenario and the clients both fair fixtures use.</summary>
public static class FairFlood
{
    public const string FloodKey = "e2e-flood-tenant-key-0000000", SmallKey = "e2e-small-tenant-key-0000000",
        OperatorKey = "e2e-fair-operator-key-000000";
    const int Small = 20;

    public static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>
    {
        ["Auth__Mode"] = "ApiKey",
        ["Auth__Keys__0__Key"] = FloodKey,
        ["Auth__Keys__0__Tenant"] = "flood",
        ["Auth__Keys__0__MaxJobsInFlight"] = "5000",
        ["Auth__Keys__1__Key"] = SmallKey,
        ["Auth__Keys__1__Tenant"] = "small",
        ["Auth__Keys__2__Key"] = OperatorKey,
        ["Auth__Keys__2__Tenant"] = "ops",
        ["Auth__Keys__2__Role"] = "Operator",
    };

    /// <summary>
    /// The flood, uploaded while paused, then the small tenant's 20: all 20 done before the flood completes 200, then
    /// everything done. Returns how many of the flood's completed before the small tenant's last.
    /// </summary>
    public static async Task<int> RunAsync(Uri api, int workers, int flood)
    {
        using var floodClient = Client(api, FloodKey);
        using var small = Client(api, SmallKey);
        using var ops = Client(api, OperatorKey);
        (await ops.PostAsync("processing/pause", null)).EnsureSuccessStatusCode();
        // The switch reaches the workers through the broker: upload only once every worker says it has stopped taking jobs.
        await WorkersPausedAsync(ops, workers);
        for (var sent = 0; sent < flood; sent += 1000)
            await BatchAsync(floodClient, Math.Min(1000, flood - sent));
        var smallIds = await BatchAsync(small, Small);
        (await CompletedAsync(floodClient)).ShouldBe(0, "nothing runs while paused");

        (await ops.PostAsync("processing/resume", null)).EnsureSuccessStatusCode();
        var smallJobs = (await small.WaitForEndAsync(smallIds, TimeSpan.FromMinutes(3))).Values.ToList();
        smallJobs.ShouldAllBe(j => j.State == "Completed");
        await Eventually.Until(() => CompletedAsync(floodClient), done => done == flood, $"all {flood} of the flood's jobs to complete",
            TimeSpan.FromMinutes(6));
        (await CompletedAsync(small)).ShouldBe(Small);

        // Counted from the rows' finish times (a worker's clock, one on this machine), not by polling during the run, so
        // the time a poll takes does not count against the dispatch.
        var smallLast = smallJobs.Max(j => j.FinishedAt!.Value);
        var floodDone = (await CompletedJobsAsync(floodClient)).Count(j => j.FinishedAt < smallLast);
        floodDone.ShouldBeLessThan(200, $"the flood completed {floodDone} jobs before the small tenant's {Small} were all done; the small " +
            $"tenant's jobs: {string.Join(", ", smallJobs.OrderBy(j => j.FinishedAt).Select(j => $"started {j.StartedAt:HH:mm:ss.fff} finished " +
                $"{j.FinishedAt:HH:mm:ss.fff} attempts {j.Attempts} deferrals {j.Deferrals}"))}");
        return floodDone;
    }

    /// <summary>Every Completed job of the caller's tenant, 500 to a page.</summary>
    public static async Task<List<Job>> CompletedJobsAsync(HttpClient http)
    {
        var jobs = new List<Job>();
        for (var page = 1; ; page++)
        {
            var body = await http.GetFromJsonAsync<JsonElement>($"jobs?state=Completed&pageSize=500&page={page}");
            var items = body.GetProperty("items").Deserialize<List<Job>>(JsonSerializerOptions.Web)!;
            jobs.AddRange(items);
            if (items.Count < 500) return jobs;
        }
    }

    public static HttpClient Client(Uri api, string key)
    {
        var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    public static async Task WorkersPausedAsync(HttpClient ops, int workers)
    {
        var ids = Enumerable.Range(0, workers).Select(DistributedSystem.WorkerId).ToHashSet();
        await Eventually.Until(async () => (await ops.GetFromJsonAsync<JsonElement>("workers")).EnumerateArray()
                .Count(w => ids.Contains(w.GetProperty("workerId").GetString()!) && w.GetProperty("online").GetBoolean()
                            && w.GetProperty("paused").GetBoolean()),
            paused => paused == ids.Count, $"the {ids.Count} workers to report paused", TimeSpan.FromSeconds(30));
    }

    public static async Task<List<Guid>> BatchAsync(HttpClient http, int count)
    {
        using var response = await http.PostAsync($"jobs/batch?count={count}", null);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("ids").EnumerateArray().Select(id => id.GetGuid()).ToList();
    }

    /// <summary>The caller's tenant's Completed jobs: its key sees only its own.</summary>
    public static async Task<int> CompletedAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("jobs?state=Completed&pageSize=1")).GetProperty("total").GetInt32();
}
