using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>The seminar's API shapes still work: POST /upload, GET /status/{job_id}, GET /dlq/stats, GET /metrics.</summary>
public sealed class ClassicApiTests : IAsyncLifetime
{
    // A fresh app per test: each test changes jobs, counts and what the harness has seen.
    readonly StandaloneApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    HttpClient client => field ??= app.CreateClient();

    [Fact]
    public async Task Upload_then_status_in_the_seminar_shape()
    {
        using var response = await client.PostAsync("/upload", JobsClient.Form(TestImages.Jpeg(800, 600), operations: "resize,watermark,filter"));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("job_id").GetGuid();
        accepted.GetProperty("status").GetString().ShouldBe("queued");
        response.Headers.Location!.ToString().ShouldBe($"/status/{id}");

        var status = await Eventually.Until(() => client.GetFromJsonAsync<JsonElement>($"/status/{id}"),
            s => s.GetProperty("status").GetString() is "completed" or "failed", $"job {id} to end in the seminar shape");
        status.GetProperty("status").GetString().ShouldBe("completed");
        status.GetProperty("operations").EnumerateArray().Select(o => o.GetString()!.Split(':')[0]).ShouldBe(["resize", "watermark", "grayscale"]);
        var bytes = await client.GetByteArrayAsync(status.GetProperty("result_url").GetString());
        Pixels.MaxChannelSpread(bytes).ShouldBe(0);
    }

    [Fact]
    public async Task Dead_letter_stats_and_metrics_answer()
    {
        // Its own app, so the dead-letter count is this test's one failure.
        await using var own = new StandaloneApp();
        var client = own.CreateClient();
        var failed = await client.WaitForEndAsync((await client.UploadAsync(TestImages.TruncatedJpeg())).Id);
        var stats = await client.GetFromJsonAsync<JsonElement>("/dlq/stats");
        stats.GetProperty("source").GetString().ShouldBe("jobs-table");
        stats.GetProperty("total").GetInt64().ShouldBe(1);
        var dlq = await client.GetFromJsonAsync<JsonElement>("/dlq");
        dlq.GetProperty("messages").EnumerateArray().ShouldContain(m => m.GetProperty("jobId").GetGuid() == failed.Id);
        (await client.GetStringAsync("/metrics")).ShouldContain("# TYPE");
    }

    [Fact]
    public async Task An_unknown_job_status_is_a_404_problem()
    {
        using var response = await client.GetAsync($"/status/{Guid.NewGuid()}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
