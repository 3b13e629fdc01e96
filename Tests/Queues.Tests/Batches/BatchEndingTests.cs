using System.Net;
using System.Net.Http.Json;
using Queues.Api.Jobs;
using Queues.Contracts;
using Queues.Tests.Notifications;
using Queues.Tests.Support;

namespace Queues.Tests.Batches;

/// <summary>
/// A batch ends when every job in it has ended, however it ended, and is told once (batch.completed, signed, to a real
/// loopback receiver); after the end it takes no job, and a retry reopens nothing.
/// </summary>
public sealed class BatchEndingTests : IAsyncLifetime
{
    WebhookReceiver receiver = null!;
    WebhookTests.WebhookApp app = null!;

    public Task InitializeAsync()
    {
        receiver = WebhookReceiver.Start(WebhookTests.Secret);
        app = new WebhookTests.WebhookApp(receiver.Url);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_with_a_failed_job_ends_and_is_posted_once_with_its_counts()
    {
        var client = app.CreateClient();
        var accepted = await client.CreateBatchAsync([TestImages.Jpeg(200, 150), TestImages.TruncatedJpeg(), TestImages.Jpeg(160, 120)]);
        accepted.JobIds.Count.ShouldBe(3);
        accepted.Batch.Total.ShouldBe(3);

        var ended = await client.WaitForBatchEndAsync(accepted.Batch.Id);
        ended.Counts.ShouldBe(new BatchCounts(0, 0, 2, 1, 0));
        ended.PercentDone.ShouldBe(100);
        ended.FinishedAt.ShouldNotBeNull();
        ended.Jobs!.Items.Select(j => j.Id).Order().ShouldBe(accepted.JobIds.Order());

        await Eventually.Until(() => receiver.DeliveriesOf(accepted.Batch.Id) == 1, "the batch.completed webhook");
        var delivery = receiver.RequestsFor(accepted.Batch.Id).ShouldHaveSingleItem();
        delivery.SignatureValid.ShouldBeTrue();
        delivery.Body.GetProperty("event").GetString().ShouldBe("batch.completed");
        delivery.Body.GetProperty("completed").GetInt32().ShouldBe(2);
        delivery.Body.GetProperty("failed").GetInt32().ShouldBe(1);
        delivery.Body.GetProperty("total").GetInt32().ShouldBe(3);
        await Eventually.Until(async () => (await client.GetBatchAsync(accepted.Batch.Id)).Webhook?.DeliveredAt is not null,
            "the delivery to be recorded on the batch");
    }

    [Fact]
    public async Task Cancelled_jobs_end_a_batch_and_an_ended_batch_takes_no_more_jobs()
    {
        var client = app.CreateClient();
        // Held back an hour: the batch stays open until its job is cancelled.
        var accepted = await client.CreateBatchAsync([TestImages.Jpeg(200, 150)], ("notBefore", DateTime.UtcNow.AddHours(1).ToString("O")));
        var batchId = accepted.Batch.Id.ToString();
        using (var added = await client.AddJobAsync(batchId, TestImages.Jpeg(64, 48)))
            added.StatusCode.ShouldBe(HttpStatusCode.Accepted, await added.Content.ReadAsStringAsync());
        await Eventually.Until(async () => (await client.GetBatchAsync(accepted.Batch.Id)).Counts.Completed == 1, "the added job to complete");
        (await client.GetBatchAsync(accepted.Batch.Id)).Ended.ShouldBeFalse("one job is still queued");

        using (var cancel = await client.PostAsync($"/batches/{batchId}/cancel", null))
            cancel.StatusCode.ShouldBe(HttpStatusCode.OK, await cancel.Content.ReadAsStringAsync());
        var ended = await client.WaitForBatchEndAsync(accepted.Batch.Id);
        ended.Counts.ShouldBe(new BatchCounts(0, 0, 1, 0, 1));

        using var late = await client.AddJobAsync(batchId, TestImages.Jpeg(64, 48));
        late.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await late.Content.ReadAsStringAsync()).ShouldContain("Batch has ended");
        (await client.GetBatchAsync(accepted.Batch.Id)).Total.ShouldBe(2, "the refused job was not added");
    }

    [Fact]
    public async Task A_job_retried_after_the_end_reopens_nothing_and_the_batch_is_announced_once()
    {
        var client = app.CreateClient();
        var accepted = await client.CreateBatchAsync([TestImages.TruncatedJpeg(), TestImages.Jpeg(100, 80)]);
        await client.WaitForBatchEndAsync(accepted.Batch.Id);

        using (var retry = await client.PostAsync($"/batches/{accepted.Batch.Id}/retry", null))
            retry.StatusCode.ShouldBe(HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        var failedId = accepted.JobIds[0];
        await Eventually.Until(async () => (await client.GetJobAsync(failedId)).Attempts >= 2
            && (await client.GetJobAsync(failedId)).State == JobState.Failed, "the retried job to fail again");

        // A second batch, ended and announced after the retry: the loop announces in order, so by then a second
        // announcement of the first would have been made too.
        var next = await client.CreateBatchAsync([TestImages.Jpeg(80, 60)]);
        await app.Harness.WaitUntilPublishedAsync<BatchCompleted>(e => e.BatchId == next.Batch.Id, "the second batch's announcement");
        app.Harness.PublishedSoFar<BatchCompleted>(e => e.BatchId == accepted.Batch.Id).Count.ShouldBe(1);
        await Eventually.Until(() => receiver.DeliveriesOf(next.Batch.Id) == 1, "the second batch's webhook");
        receiver.DeliveriesOf(accepted.Batch.Id).ShouldBe(1);
        var after = await client.GetBatchAsync(accepted.Batch.Id);
        after.Ended.ShouldBeTrue();
        after.Counts.Failed.ShouldBe(1, "counts are read live: the retried job failed again");
    }

    [Fact]
    public async Task Deleting_the_job_a_batch_waits_for_lets_it_end()
    {
        var client = app.CreateClient();
        var accepted = await client.CreateBatchAsync([TestImages.Jpeg(120, 90)], ("notBefore", DateTime.UtcNow.AddHours(1).ToString("O")));
        using (var added = await client.AddJobAsync(accepted.Batch.Id.ToString(), TestImages.Jpeg(64, 48)))
            await client.WaitForEndAsync((await added.Content.ReadFromJsonAsync<JobView>(StandaloneApp.Json))!.Id);
        (await client.GetBatchAsync(accepted.Batch.Id)).Ended.ShouldBeFalse("one job is still queued");

        using (var deleted = await client.DeleteAsync($"/jobs/{accepted.JobIds[0]}")) deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var ended = await client.WaitForBatchEndAsync(accepted.Batch.Id);
        ended.Total.ShouldBe(1);
        ended.Counts.ShouldBe(new BatchCounts(0, 0, 1, 0, 0));
    }
}
