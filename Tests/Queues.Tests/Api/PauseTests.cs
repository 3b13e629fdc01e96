using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Queues.Api.Jobs;
using Queues.Api.Observability;
using Queues.Api.Processing;
using Queues.Contracts;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>
/// POST /processing/pause and /resume on the standalone app with one worker slot. Nothing here waits on the clock:
/// the worker's heartbeat says it has stopped taking messages, the harness says the commands were sent, and every
/// job then starts after the resume.
/// </summary>
public sealed class PauseTests
{
    [Fact]
    public async Task Jobs_sent_while_paused_wait_for_the_resume_and_the_job_in_flight_finishes()
    {
        await using var app = new CancelTests.OneSlotApp();
        var client = app.CreateClient();
        using var gauge = app.Collect<int>(ApiMetrics.MeterName, "queues.processing.paused");
        // A few seconds of work on the one slot: still running when the pause arrives.
        var inFlight = await client.UploadAsync(TestImages.Jpeg(4000, 3000), "blur:20,blur:20,grayscale,resize:320x320");
        await Eventually.Until(() => client.GetJobAsync(inFlight.Id), j => j.State != JobState.Queued, "the slow job to start");

        var pausedAt = DateTime.UtcNow;
        var paused = await PostAsync(client, "/processing/pause");
        paused.Paused.ShouldBeTrue();
        paused.By.ShouldBe("open");
        paused.Since.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(pausedAt.AddSeconds(-1));
        (await PostAsync(client, "/processing/pause")).ShouldBe(paused, "pausing again keeps the first time and key");
        (await client.GetFromJsonAsync<ProcessingView>("/processing", StandaloneApp.Json)).ShouldBe(paused);
        gauge.Observe().ShouldBe(1);
        (await client.GetJobAsync(inFlight.Id)).State.ShouldBe(JobState.Processing, "in flight when the pause came");

        var waiting = new List<Guid>();
        for (var i = 0; i < 4; i++) waiting.Add((await client.UploadAsync(TestImages.Jpeg(320, 240))).Id);

        // The job in flight finishes normally; then the worker reports it takes nothing, and every waiting command is in the queue.
        (await client.WaitForEndAsync(inFlight.Id)).State.ShouldBe(JobState.Completed);
        await Eventually.Until(async () => (await WorkerAsync(client, app.WorkerId))?.GetProperty("paused").GetBoolean() == true,
            "the worker's heartbeat to say it is paused");
        await Eventually.Until(() => waiting.All(id => app.Harness.Sent.Select<ProcessImage>(m => m.Context.Message.JobId == id, Snapshot).Any()),
            "the outbox to send every waiting job to process-image");
        foreach (var id in waiting) (await client.GetJobAsync(id)).State.ShouldBe(JobState.Queued);
        app.Harness.PublishedSoFar<ImageProcessingStarted>(e => waiting.Contains(e.JobId)).ShouldBeEmpty();

        var resumedAt = DateTime.UtcNow;
        (await PostAsync(client, "/processing/resume")).ShouldBe(ProcessingView.Running);
        (await PostAsync(client, "/processing/resume")).ShouldBe(ProcessingView.Running);
        gauge.Observe().ShouldBe(0);

        foreach (var id in waiting)
        {
            var job = await client.WaitForEndAsync(id);
            job.State.ShouldBe(JobState.Completed, job.FailureReason);
            job.StartedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(resumedAt, $"job {id} started only after the resume");
        }
        (await client.GetJobAsync(inFlight.Id)).StartedAt.ShouldNotBeNull().ShouldBeLessThan(pausedAt);
        await Eventually.Until(async () => (await WorkerAsync(client, app.WorkerId))?.GetProperty("paused").GetBoolean() == false,
            "the worker's heartbeat to say it takes jobs again");
    }

    /// <summary>Under its Prometheus name; the value is read above, from this app's own meters (others in this process export theirs too).</summary>
    [Fact]
    public async Task The_metrics_endpoint_exports_the_pause_gauge()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        await Eventually.Until(() => client.GetStringAsync("/metrics"),
            m => m.Split('\n').Any(l => l.StartsWith("queues_processing_paused", StringComparison.Ordinal)), "the pause gauge in /metrics");
    }

    static readonly CancellationToken Snapshot = new(canceled: true);

    static async Task<ProcessingView> PostAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(path, null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ProcessingView>(StandaloneApp.Json))!;
    }

    static async Task<JsonElement?> WorkerAsync(HttpClient client, string workerId) =>
        (await client.GetFromJsonAsync<JsonElement>("/workers")).EnumerateArray()
            .Select(w => (JsonElement?)w).FirstOrDefault(w => w!.Value.GetProperty("workerId").GetString() == workerId);
}
