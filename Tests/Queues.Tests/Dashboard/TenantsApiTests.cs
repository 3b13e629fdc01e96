using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Queues.Api.Dashboard;
using Queues.Api.Jobs;
using Queues.Api.Observability;
using Queues.Tests.Support;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

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
        tenants[0].ShouldBe(new TenantView("tenant-a", 0, 0, 3, 0.75, Weight: 1));
        tenants[1].ShouldBe(new TenantView("tenant-b", 0, 0, 1, 0.25, Weight: 1));
    }

    [Fact]
    public async Task An_operator_sets_a_tenants_weight_and_cap_at_run_time_and_the_outbox_follows_them()
    {
        var ops = app.ClientWith(KeyedApp.OperatorKey);
        using var set = await ops.PutAsJsonAsync("/tenants/tenant-a/settings", new { weight = 3, maxProcessing = 2 });
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        (await set.Content.ReadFromJsonAsync<TenantSettingsView>(StandaloneApp.Json)).ShouldBe(new TenantSettingsView("tenant-a", 3, 2, true));

        (await ops.GetFromJsonAsync<List<TenantSettingsView>>("/tenants/settings", StandaloneApp.Json)).ShouldBe([new("tenant-a", 3, 2, true)]);
        await using var scope = app.Services.CreateAsyncScope();
        var inEffect = await app.Services.GetRequiredService<TenantSettingsStore>().CurrentAsync(scope.ServiceProvider.JobsOfEveryTenant(), CancellationToken.None);
        (inEffect.WeightOf("tenant-a"), inEffect.MaxProcessingOf("tenant-a"), inEffect.WeightOf("tenant-b")).ShouldBe((3, 2, 1));

        // Both null: back to configuration, and no longer listed.
        (await ops.PutAsJsonAsync("/tenants/tenant-a/settings", new { weight = (int?)null })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ops.GetFromJsonAsync<List<TenantSettingsView>>("/tenants/settings", StandaloneApp.Json)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"weight": 0}""", "weight is 1 to 1000")]
    [InlineData("""{"weight": 1001}""", "weight is 1 to 1000")]
    [InlineData("""{"maxProcessing": 0}""", "maxProcessing is 1 or more")]
    public async Task Settings_out_of_range_are_refused_with_the_reason(string body, string reason)
    {
        using var response = await app.ClientWith(KeyedApp.OperatorKey)
            .PutAsync("/tenants/tenant-a/settings", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(reason);
    }

    [Fact]
    public void Run_time_settings_go_over_configurations_field_by_field()
    {
        var configured = new TenantsOptions { DefaultWeight = 2, Overrides = { ["a"] = new() { Weight = 5, MaxProcessing = 4 }, ["b"] = new() { Weight = 7 } } };
        var merged = TenantSettingsStore.Merge(configured,
            [new() { Tenant = "a", MaxProcessing = 1 }, new() { Tenant = "c", Weight = 9 }]);
        (merged.WeightOf("a"), merged.MaxProcessingOf("a")).ShouldBe((5, 1), "a's weight from configuration, its cap set at run time");
        (merged.WeightOf("b"), merged.MaxProcessingOf("b")).ShouldBe((7, (int?)null));
        (merged.WeightOf("c"), merged.WeightOf("d")).ShouldBe((9, 2));
        configured.Overrides.ContainsKey("c").ShouldBeFalse("configuration's own options are left as they are");
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
        // Gauges of their own: the app's are rewritten by its QueueProbe every few seconds, between an update and a read.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var gauges = new QueueGauges(meters, app.Services.GetRequiredService<WorkerRegistry>());
        using var waiting = new MetricCollector<long>(meters, ApiMetrics.MeterName, "queues.tenant.jobs.waiting");
        using var processing = new MetricCollector<long>(meters, ApiMetrics.MeterName, "queues.tenant.jobs.processing");

        gauges.UpdateTenants([new("big", 2000, 2, 10, 0.5), new("small", 20, 1, 8, 0.4), new("tiny", 3, 0, 2, 0.1), new("idle", 0, 0, 0, 0)], top: 2);

        waiting.Observe(("tenant", "big")).ShouldBe(2000);
        waiting.Observe(("tenant", "small")).ShouldBe(20);
        waiting.Observe(("tenant", QueueGauges.OtherTenants)).ShouldBe(3);
        waiting.Observe(("tenant", "tiny")).ShouldBeNull("beyond the top 2: counted in other");
        processing.Observe(("tenant", "big")).ShouldBe(2);
    }
}
