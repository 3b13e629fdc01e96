using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;
using Queues.Tests.Support;

namespace Queues.Tests.Access;

/// <summary>Tenant B's key may start 2 uploads per 5 s window and have 1 job in flight; tenant A has the defaults.</summary>
public sealed class LimitedApp : KeyedApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:UploadWindow"] = "00:00:05",
        ["Auth:Keys:2:UploadsPerSecond"] = "2",
        ["Auth:Keys:1:MaxJobsInFlight"] = "1",
    };
}

public sealed class LimitsTests : IAsyncLifetime
{
    // A fresh app per test: each test changes jobs, counts and what the harness has seen.
    readonly LimitedApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_upload_over_a_keys_rate_gets_429_with_Retry_After_and_is_accepted_after_the_window()
    {
        var b = app.ClientWith(KeyedApp.TenantBKey);
        for (var i = 0; i < 2; i++) await b.UploadAsync(TestImages.Jpeg(64, 48));

        using var refused = await b.PostAsync("/jobs", JobsClient.Form(TestImages.Jpeg(64, 48)));
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var wait = refused.Headers.RetryAfter!.Delta!.Value;
        wait.ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        var problem = JsonSerializer.Deserialize<JsonElement>(await refused.Content.ReadAsStringAsync());
        problem.GetProperty("title").GetString().ShouldBe("Upload rate limit");
        problem.GetProperty("limit").GetString().ShouldBe("uploads-per-second");

        // Another key is not held back by B's window.
        await app.ClientWith(KeyedApp.OperatorKey).UploadAsync(TestImages.Jpeg(64, 48));

        await Eventually.Until(async () =>
        {
            using var again = await b.PostAsync("/jobs", JobsClient.Form(TestImages.Jpeg(64, 48)));
            return again.StatusCode == HttpStatusCode.Accepted;
        }, "B's upload to be accepted once the window has passed", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_tenant_at_its_jobs_in_flight_cap_gets_429_until_a_job_finishes()
    {
        var a = app.ClientWith(KeyedApp.TenantAKey);
        var stuck = await InsertSentJobAsync("tenant-a");

        using var refused = await a.PostAsync("/jobs", JobsClient.Form(TestImages.Jpeg(64, 48)));
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        var problem = JsonSerializer.Deserialize<JsonElement>(await refused.Content.ReadAsStringAsync());
        problem.GetProperty("title").GetString().ShouldBe("Jobs in flight quota");
        problem.GetProperty("limit").GetString().ShouldBe("jobs-in-flight");

        await WithDbAsync(db => db.Jobs.Where(j => j.Id == stuck)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Completed).SetProperty(j => j.FinishedAt, DateTime.UtcNow)));
        var accepted = await a.UploadAsync(TestImages.Jpeg(64, 48));
        accepted.Tenant.ShouldBe("tenant-a");
    }

    /// <summary>A job the outbox has sent and nothing will run: it stays in flight until the test finishes it.</summary>
    async Task<Guid> InsertSentJobAsync(string tenant)
    {
        var id = Guid.CreateVersion7();
        await WithDbAsync(db =>
        {
            db.Jobs.Add(new ImageJob
            {
                Id = id, Tenant = tenant, State = JobState.Queued, OriginalKey = $"originals/{id}.jpg", OriginalContentType = "image/jpeg",
                Operations = ["grayscale"], OutputFormat = "jpeg", QueuedAt = DateTime.UtcNow, PublishedAt = DateTime.UtcNow, NotifiedAt = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        return id;
    }

    async Task WithDbAsync(Func<JobsDbContext, Task> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.JobsOfEveryTenant());
    }
}
