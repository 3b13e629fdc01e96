using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Queues.Api.Jobs;
using Queues.Tests.Support;

namespace Queues.Tests.Access;

public sealed class TenantIsolationTests : IAsyncLifetime
{
    // A fresh app per test: each test changes jobs, counts and what the harness has seen.
    readonly KeyedApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    HttpClient a => field ??= app.ClientWith(KeyedApp.TenantAKey);
    HttpClient b => field ??= app.ClientWith(KeyedApp.TenantBKey);
    HttpClient ops => field ??= app.ClientWith(KeyedApp.OperatorKey);

    [Fact]
    public async Task A_job_of_tenant_A_is_invisible_to_tenant_B_and_visible_to_an_operator()
    {
        var job = await a.WaitForEndAsync((await a.UploadAsync(TestImages.Jpeg(200, 150))).Id);
        job.State.ShouldBe(JobState.Completed, job.FailureReason);

        (await IdsAsync(a)).ShouldContain(job.Id);
        (await IdsAsync(b)).ShouldNotContain(job.Id);
        (await IdsAsync(ops)).ShouldContain(job.Id);
        // With B's own key; a signed link stands for the key that asked for it, and A has not shared one.
        foreach (var path in new[] { $"/jobs/{job.Id}", $"/jobs/{job.Id}/original", $"/jobs/{job.Id}/result", $"/status/{job.Id}" })
        {
            using var seen = await b.GetAsync(path);
            seen.StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
            using var own = await a.GetAsync(path);
            own.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }
        using var retry = await b.PostAsync($"/jobs/{job.Id}/retry", null);
        retry.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_jobs_context_from_a_fresh_scope_sees_no_job_until_told_whose()
    {
        var job = await a.WaitForEndAsync((await a.UploadAsync(TestImages.Jpeg(120, 90))).Id);

        await using var fresh = app.Services.CreateAsyncScope();
        var db = fresh.ServiceProvider.GetRequiredService<JobsDbContext>();
        (await db.Jobs.CountAsync()).ShouldBe(0);
        (await db.Jobs.AnyAsync(j => j.Id == job.Id)).ShouldBeFalse();
        // A write through the filter finds nothing to change either.
        (await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(u => u.SetProperty(j => j.Priority, JobPriority.Low))).ShouldBe(0);

        (await db.SeeTenant("tenant-b").Jobs.AnyAsync(j => j.Id == job.Id)).ShouldBeFalse();
        (await db.SeeTenant("tenant-a").Jobs.AnyAsync(j => j.Id == job.Id)).ShouldBeTrue();
        (await db.SeeAllTenants().Jobs.SingleAsync(j => j.Id == job.Id)).Priority.ShouldBe(JobPriority.Normal);
    }

    [Fact]
    public async Task Tenant_B_events_carry_its_own_jobs_and_none_of_tenant_A()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var bStream = await OpenEventsAsync(KeyedApp.TenantBKey, stop.Token);
        using var opsStream = await OpenEventsAsync(KeyedApp.OperatorKey, stop.Token);

        var fromA = (await a.UploadAsync(TestImages.Jpeg(200, 150))).Id;
        await a.WaitForEndAsync(fromA);
        var fromB = (await b.UploadAsync(TestImages.Jpeg(200, 150))).Id;

        // B's stream reaching its own job's completion has already passed everything sent before it, A's job included.
        var seenByB = await JobIdsUntilCompletedAsync(bStream, fromB, stop.Token);
        seenByB.ShouldContain(fromB);
        seenByB.ShouldNotContain(fromA);
        var seenByOps = await JobIdsUntilCompletedAsync(opsStream, fromB, stop.Token);
        seenByOps.ShouldContain(fromA);
    }

    [Fact]
    public async Task An_open_app_needs_no_key_and_files_jobs_under_the_default_tenant()
    {
        await using var open = new StandaloneApp();
        var client = open.CreateClient();
        var job = await client.UploadAsync(TestImages.Jpeg(120, 90));
        job.Tenant.ShouldBe("default");
        using var dlq = await client.GetAsync("/dlq");
        dlq.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    async Task<List<Guid>> IdsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JobPage>("/jobs?pageSize=500", StandaloneApp.Json))!.Items.Select(j => j.Id).ToList();

    async Task<StreamReader> OpenEventsAsync(string key, CancellationToken token)
    {
        var response = await app.ClientWith(key).GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(token));
        (await reader.ReadLineAsync(token)).ShouldBe("retry: 2000");
        return reader;
    }

    static async Task<List<Guid>> JobIdsUntilCompletedAsync(StreamReader reader, Guid last, CancellationToken token)
    {
        var ids = new List<Guid>();
        while (true)
        {
            var line = await reader.ReadLineAsync(token) ?? throw new EndOfStreamException();
            if (!line.StartsWith("data: ")) continue;
            var change = JsonSerializer.Deserialize<JsonElement>(line[6..]);
            if (!change.TryGetProperty("jobId", out var id)) continue;
            ids.Add(id.GetGuid());
            if (id.GetGuid() == last && change.GetProperty("state").GetString() == "Completed") return ids;
        }
    }
}
