using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Queues.Components.Notifications;
using Queues.Contracts;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

public sealed class HostingTests(StandaloneApp app) : IClassFixture<StandaloneApp>
{
    readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Swagger_ui_is_served_and_the_openapi_document_describes_the_multipart_upload()
    {
        (await client.GetAsync("/swagger/index.html")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var doc = JsonSerializer.Deserialize<JsonElement>(await client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths");
        var upload = paths.GetProperty("/jobs").GetProperty("post");
        var form = upload.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        form.GetRawText().ShouldContain("\"file\"");
        form.GetRawText().ShouldContain("\"operations\"");
        foreach (var path in new[] { "/jobs/{id}", "/jobs/{id}/result", "/jobs/{id}/original", "/jobs/{id}/retry", "/stats" })
            paths.TryGetProperty(path, out _).ShouldBeTrue(path);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        (await client.GetStringAsync("/health/live")).ShouldBe("Healthy");
        (await client.GetStringAsync("/health/ready")).ShouldBe("Healthy");
    }

    [Fact]
    public async Task The_jobs_database_is_a_readiness_check_that_connects()
    {
        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == "jobs-database");
        var entry = report.Entries.ShouldHaveSingleItem();
        entry.Value.Status.ShouldBe(HealthStatus.Healthy);
        entry.Value.Tags.ShouldContain("ready");
    }

    [Fact]
    public async Task Stats_and_metrics_count_the_jobs_that_ran()
    {
        // Its own app, so the counts are this test's jobs and nothing else.
        await using var own = new StandaloneApp();
        var http = own.CreateClient();
        using var completed = own.Collect<long>(PipelineMetrics.MeterName, "queues.jobs.completed");
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add((await http.WaitForEndAsync((await http.UploadAsync(TestImages.Jpeg(300, 200))).Id)).Id);

        // The notifier consumes the JobCompleted announcements on its own queue, so its count may trail the job state briefly.
        await own.Harness.WaitUntilConsumedAsync<NotifyCompletionConsumer, JobCompleted>(m => ids.Contains(m.JobId), "the 3 completions", 3);
        var stats = JsonSerializer.Deserialize<JsonElement>(await http.GetStringAsync("/stats"));
        stats.GetProperty("completed").GetInt64().ShouldBe(3);
        stats.GetProperty("processingMs").GetProperty("p50").GetDouble().ShouldBeGreaterThan(0);
        stats.GetProperty("endToEndMs").GetProperty("p99").GetDouble()
            .ShouldBeGreaterThanOrEqualTo(stats.GetProperty("processingMs").GetProperty("p50").GetDouble(), "end to end includes processing");
        stats.GetProperty("completedByWorker").GetProperty(own.WorkerId).GetInt64().ShouldBe(3);
        completed.Sum(("worker", own.WorkerId)).ShouldBe(3);
    }
}
