using System.Net;
using System.Net.Http.Json;
using Queues.Api.Broker;
using Queues.Api.Jobs;
using Queues.Components.Processing;
using Queues.Contracts;
using Queues.ServiceDefaults.Storage;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>
/// A retry by id and a dead-letter replay are one path: once a failed job is retried it is no longer a dead letter,
/// so a replay right after it finds nothing to send, and the job runs exactly once more. Its own app: a replay of
/// every dead letter would otherwise take other tests' failed jobs with it.
/// </summary>
public sealed class RetryAndReplayTests : IAsyncLifetime
{
    readonly StandaloneApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_replay_after_a_retry_sends_nothing_and_the_job_runs_once_more()
    {
        var client = app.CreateClient();
        var failed = await client.WaitForEndAsync((await client.UploadAsync(TestImages.TruncatedJpeg())).Id);
        failed.State.ShouldBe(JobState.Failed);
        using (var scope = app.Services.CreateScope())
        {
            var row = await scope.ServiceProvider.JobsOfEveryTenant().Jobs.FindAsync(failed.Id);
            await app.Services.GetRequiredService<IObjectStore>().PutAsync(row!.OriginalKey, TestImages.Jpeg(640, 480), "image/jpeg");
        }

        using var retry = await client.PostAsync($"/jobs/{failed.Id}/retry", null);
        retry.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using var response = await client.PostAsync("/dlq/replay", null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var replay = (await response.Content.ReadFromJsonAsync<ReplayResult>(StandaloneApp.Json))!;

        replay.Replayed.ShouldBe(0, "the retry already took the job out of the dead letters");
        replay.JobIds.ShouldNotContain(failed.Id);
        var job = await client.WaitForEndAsync(failed.Id);
        job.State.ShouldBe(JobState.Completed, job.FailureReason);
        job.Attempts.ShouldBe(2);
        // Completed, the row is out of the outbox and the dead letters: every command the job will ever get was sent
        // before this. Two were sent, and each was consumed (a consume is recorded when the consumer returns, a moment
        // after the row says Completed).
        app.Harness.SentSoFar<ProcessImage>(m => m.JobId == failed.Id).Count.ShouldBe(2, "the upload and the retry, nothing more");
        await app.Harness.WaitUntilConsumedAsync<ProcessImageConsumer, ProcessImage>(m => m.JobId == failed.Id, "the failed run and the retry", 2);
        app.Harness.ConsumedBy<ProcessImageConsumer, ProcessImage>(m => m.JobId == failed.Id).Count.ShouldBe(2);
    }
}
