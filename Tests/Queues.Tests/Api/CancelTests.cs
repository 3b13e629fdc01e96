using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Queues.Api.Jobs;
using Queues.Contracts;
using Queues.Tests.Support;
using Xunit.Abstractions;

namespace Queues.Tests.Api;

/// <summary>POST /jobs/{id}/cancel on the standalone app with one worker slot, so a second job waits in the queue behind a slow one.</summary>
public sealed class CancelTests(ITestOutputHelper output)
{
    /// <summary>One job at a time: a job uploaded while the slow one runs is sent, and waits in the queue.</summary>
    public sealed class OneSlotApp : StandaloneApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Worker:Concurrency", "1");
        }
    }

    /// <summary>12 MP blurred six times with sigma 50: far more real pixel work than a test waits for, evaluated while encoding.</summary>
    public static async Task<JobView> StartSlowJobAsync(HttpClient client)
    {
        var slow = await client.UploadAsync(TestImages.Jpeg(4000, 3000, quality: 70), "blur:50,blur:50,blur:50,blur:50,blur:50,blur:50");
        return await Eventually.Until(() => client.GetJobAsync(slow.Id), j => j.State != JobState.Queued,
            $"the slow job {slow.Id} to start", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_queued_job_is_never_processed_and_a_processing_one_frees_its_worker_soon()
    {
        await using var app = new OneSlotApp();
        var client = app.CreateClient();
        var slow = await StartSlowJobAsync(client);
        slow.State.ShouldBe(JobState.Processing);
        var waiting = await client.UploadAsync(TestImages.Jpeg(320, 240));
        // Sent, so that it waits in the queue behind the slow one: cancelled before its send, the outbox would never
        // send it at all (also never processed, but not the path this test is about, and the race made it flaky).
        await Eventually.Until(() => app.Harness.SentSoFar<ProcessImage>(m => m.JobId == waiting.Id).Count == 1, "the waiting job sent");

        var cancelled = await CancelAsync(client, waiting.Id);
        cancelled.State.ShouldBe(JobState.Cancelled);
        (await CancelAsync(client, waiting.Id)).State.ShouldBe(JobState.Cancelled); // idempotent
        var clock = Stopwatch.StartNew();
        (await CancelAsync(client, slow.Id)).State.ShouldBe(JobState.Cancelled);

        // The worker stops the slow job inside libvips' evaluation, then receives the waiting job's command and skips it.
        await Eventually.Until(() => app.Harness.PublishedSoFar<ImageProcessingCancelled>(e => e.JobId == slow.Id && e.Started).Count == 1,
            "the worker to report the slow job stopped", TimeSpan.FromSeconds(10));
        var stoppedAfter = clock.Elapsed;
        output.WriteLine($"processing job stopped {stoppedAfter.TotalMilliseconds:0} ms after the cancel request");
        await Eventually.Until(() => app.Harness.PublishedSoFar<ImageProcessingCancelled>(e => e.JobId == waiting.Id && !e.Started).Count == 1,
            "the worker to skip the waiting job");

        // The slot is free: a later job completes.
        var next = await client.UploadAsync(TestImages.Jpeg(320, 240));
        (await client.WaitForEndAsync(next.Id)).State.ShouldBe(JobState.Completed);

        app.Harness.PublishedSoFar<ImageProcessingStarted>(e => e.JobId == waiting.Id).ShouldBeEmpty();
        app.Harness.PublishedSoFar<ImageProcessed>(e => e.JobId == slow.Id || e.JobId == waiting.Id).ShouldBeEmpty();
        app.Harness.PublishedSoFar<Fault<ProcessImage>>(_ => true).ShouldBeEmpty();
        (await client.GetJobAsync(slow.Id)).State.ShouldBe(JobState.Cancelled);
        (await client.GetJobAsync(waiting.Id)).State.ShouldBe(JobState.Cancelled);
    }

    [Fact]
    public async Task A_finished_job_answers_409_and_an_unknown_one_404()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var job = await client.UploadAsync(TestImages.Jpeg(320, 240));
        (await client.WaitForEndAsync(job.Id)).State.ShouldBe(JobState.Completed);

        using var finished = await client.PostAsync($"/jobs/{job.Id}/cancel", null);
        finished.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await finished.Content.ReadFromJsonAsync<ProblemDetails>();
        problem!.Detail.ShouldBe("Only queued or processing jobs can be cancelled; this one is Completed.");
        (await client.GetJobAsync(job.Id)).State.ShouldBe(JobState.Completed);

        using var unknown = await client.PostAsync($"/jobs/{Guid.NewGuid()}/cancel", null);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public static async Task<JobView> CancelAsync(HttpClient client, Guid id)
    {
        using var response = await client.PostAsync($"/jobs/{id}/cancel", null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JobView>(StandaloneApp.Json))!;
    }
}
