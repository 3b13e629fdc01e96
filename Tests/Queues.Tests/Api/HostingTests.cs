using System.Net;
using System.Text.Json;
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
    public async Task Stats_and_metrics_count_the_jobs_that_ran()
    {
        var before = JsonSerializer.Deserialize<JsonElement>(await client.GetStringAsync("/stats")).GetProperty("completed").GetInt64();
        for (var i = 0; i < 3; i++) await client.WaitForEndAsync((await client.UploadAsync(TestImages.Jpeg(300, 200))).Id);

        // The notifier consumes ImageProcessed on its own queue, so its count may trail the job state briefly.
        JsonElement stats = default;
        for (var i = 0; i < 100; i++)
        {
            stats = JsonSerializer.Deserialize<JsonElement>(await client.GetStringAsync("/stats"));
            if (stats.GetProperty("completed").GetInt64() >= before + 3) break;
            await Task.Delay(50);
        }
        stats.GetProperty("completed").GetInt64().ShouldBe(before + 3);
        stats.GetProperty("processingMs").GetProperty("p50").GetDouble().ShouldBeGreaterThan(0);
        stats.GetProperty("endToEndMs").GetProperty("p99").GetDouble()
            .ShouldBeGreaterThanOrEqualTo(stats.GetProperty("processingMs").GetProperty("p50").GetDouble());
        stats.GetProperty("completedByWorker").GetProperty(app.WorkerId).GetInt64().ShouldBe(before + 3);

        var metrics = await client.GetStringAsync("/metrics");
        // Several test hosts share this process, and meters are process-wide: count this app's worker only.
        var completed = metrics.Split('\n').Where(l => l.StartsWith("queues_jobs_completed_total{") && l.Contains($"worker=\"{app.WorkerId}\""))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        completed.ShouldBe(stats.GetProperty("completed").GetInt64());
        metrics.ShouldContain("queues_job_end_to_end_duration_milliseconds_bucket");
    }
}
