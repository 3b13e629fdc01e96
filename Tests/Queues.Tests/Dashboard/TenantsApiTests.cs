using System.Net;
using System.Net.Http.Json;
using Queues.Api.Dashboard;
using Queues.Api.Jobs;
using Queues.Api.Observability;
using Queues.Tests.Support;

namespace Queues.Tests.Dashboard;

/// <summary>GET /tenants and the per-tenant gauges: who waits, who is served, and each tenant's share of the last minute.</summary>
public sealed class TenantsApiTests : IAsyncLifetime
{
    // A fresh app per test: the counts are the whole table's.
    readonly KeyedApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Each_tenants_completions_of_the_last_minute_and_its_share_are_listed_busiest_first()
    {
        var a = app.ClientWith(KeyedApp.TenantAKey);
        var b = app.ClientWith(KeyedApp.TenantBKey);
        var ids = new List<(HttpClient Client, Guid Id)>();
        for (var i = 0; i < 3; i++) ids.Add((a, (await a.UploadAsync(TestImages.Jpeg(160, 120))).Id));
        ids.Add((b, (await b.UploadAsync(TestImages.Jpeg(160, 120))).Id));
        foreach (var (client, id) in ids) (await client.WaitForEndAsync(id)).State.ShouldBe(JobState.Completed);

        var tenants = await app.ClientWith(KeyedApp.OperatorKey).GetFromJsonAsync<List<TenantView>>("/tenants", StandaloneApp.Json);

        tenants.ShouldNotBeNull().Select(t => t.Tenant).ShouldBe(["tenant-a", "tenant-b"]);
        tenants[0].ShouldBe(new TenantView("tenant-a", 0, 0, 3, 0.75));
        tenants[1].ShouldBe(new TenantView("tenant-b", 0, 0, 1, 0.25));
    }

    [Fact]
    public async Task A_submitter_may_not_see_other_tenants()
    {
        using var response = await app.ClientWith(KeyedApp.TenantAKey).GetAsync("/tenants");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public void The_gauges_name_the_busiest_tenants_and_sum_the_rest_as_other()
    {
        using var waiting = app.Collect<long>(ApiMetrics.MeterName, "queues.tenant.jobs.waiting");
        using var processing = app.Collect<long>(ApiMetrics.MeterName, "queues.tenant.jobs.processing");
        var gauges = app.Services.GetRequiredService<QueueGauges>();

        gauges.UpdateTenants([new("big", 2000, 2, 10, 0.5), new("small", 20, 1, 8, 0.4), new("tiny", 3, 0, 2, 0.1), new("idle", 0, 0, 0, 0)], top: 2);

        waiting.Observe(("tenant", "big")).ShouldBe(2000);
        waiting.Observe(("tenant", "small")).ShouldBe(20);
        waiting.Observe(("tenant", QueueGauges.OtherTenants)).ShouldBe(3);
        waiting.Observe(("tenant", "tiny")).ShouldBeNull("beyond the top 2: counted in other");
        processing.Observe(("tenant", "big")).ShouldBe(2);
    }
}
