using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;
using Queues.Components.Notifications;
using Queues.Contracts;
using Queues.Imaging;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>
/// Dead letters carry their <see cref="FailureKind"/> as a value, from the fault the worker raised to the job row, the
/// dead-letter list and statistics and the failure metrics. Each test has its own app, so counts are exact.
/// </summary>
public sealed class DeadLetterTests
{
    [Fact]
    public async Task Dead_letter_stats_group_failures_by_kind_and_each_dead_letter_names_its_kind()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var corrupt = await client.WaitForEndAsync((await client.UploadAsync(TestImages.TruncatedJpeg())).Id);
        var missing = await client.WaitForEndAsync(await AcceptWithoutOriginal(app));
        corrupt.State.ShouldBe(JobState.Failed);
        missing.State.ShouldBe(JobState.Failed);

        var stats = await client.GetFromJsonAsync<JsonElement>("/dlq/stats");
        stats.GetProperty("total").GetInt64().ShouldBe(2);
        stats.GetProperty("byReason").Deserialize<Dictionary<string, long>>()
            .ShouldBe(new Dictionary<string, long> { ["Corrupt"] = 1, ["MissingOriginal"] = 1 }, ignoreOrder: true);

        var letters = (await client.GetFromJsonAsync<JsonElement>("/dlq")).GetProperty("messages").EnumerateArray()
            .ToDictionary(m => m.GetProperty("jobId").GetGuid(), m => m.GetProperty("kind").GetString());
        letters.ShouldBe(new Dictionary<Guid, string?> { [corrupt.Id] = "Corrupt", [missing.Id] = "MissingOriginal" }, ignoreOrder: true);
    }

    [Fact]
    public async Task A_corrupt_image_fails_with_the_kind_the_worker_put_on_its_fault()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var job = await client.WaitForEndAsync((await client.UploadAsync(TestImages.TruncatedJpeg())).Id);

        var fault = (await app.Harness.WaitUntilConsumedAsync<MarkJobFailedConsumer, Fault<ProcessImage>>(f => f.Message.JobId == job.Id,
            $"the fault of job {job.Id}")).Single();
        fault.Exceptions[0].Data!["Kind"].ShouldBe("Corrupt");
        var row = await Row(app, job.Id);
        row.FailureKind.ShouldBe(FailureKind.Corrupt);
        row.FailureReason.ShouldBe(fault.Exceptions[0].Message);
        job.FailureReason.ShouldNotBeNull().ShouldContain("JPEG data ends before the whole image is decoded");
    }

    [Fact]
    public async Task The_kind_and_reason_come_from_the_fault_data_not_from_its_text()
    {
        await using var app = new StandaloneApp();
        using var failures = app.Collect<long>(PipelineMetrics.MeterName, "queues.jobs.failed");
        const string corruptText = "Image is corrupt or truncated: premature end of JPEG";
        // A message that reads like a corrupt image, with another kind in its data: the data wins.
        var labelled = await PublishFault(app, new ImageRejectedException(FailureKind.TooManyPixels, corruptText));
        // The same text with no kind at all: a fault the worker did not classify, so transient retries ran out.
        var unlabelled = await PublishFault(app, new IOException(corruptText));

        var first = await Row(app, labelled);
        first.FailureKind.ShouldBe(FailureKind.TooManyPixels);
        first.FailureReason.ShouldBe(corruptText);
        var second = await Row(app, unlabelled);
        second.FailureKind.ShouldBe(FailureKind.Transient);
        second.FailureReason.ShouldBe("Gave up after retries: IOException: " + corruptText);

        await app.Harness.WaitUntilConsumedAsync<NotifyFailureConsumer, JobFailed>(f => f.JobId == labelled || f.JobId == unlabelled,
            "both faults", 2);
        failures.Sum(("reason", "TooManyPixels")).ShouldBe(1);
        failures.Sum(("reason", "Transient")).ShouldBe(1);
        failures.Sum(("reason", "Corrupt")).ShouldBe(0);
    }

    /// <summary>A job accepted the way an upload is, whose original is not in storage: the worker rejects it.</summary>
    static async Task<Guid> AcceptWithoutOriginal(StandaloneApp app)
    {
        var id = Guid.CreateVersion7();
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.JobsOfEveryTenant();
        await scope.ServiceProvider.GetRequiredService<JobTransitions>().AcceptAsync(new ImageJob
        {
            Id = id, OriginalKey = $"originals/{id:N}.jpg", OriginalContentType = "image/jpeg",
            Operations = ["grayscale"], OutputFormat = "jpeg", Quality = 80, QueuedAt = DateTime.UtcNow,
        }, CancellationToken.None);
        return id;
    }

    /// <summary>A sent job whose worker faults with <paramref name="exception"/>; returns once the job-state consumer has consumed the fault.</summary>
    static async Task<Guid> PublishFault(StandaloneApp app, Exception exception)
    {
        var id = Guid.CreateVersion7();
        var now = DateTime.UtcNow;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.JobsOfEveryTenant();
            db.Jobs.Add(new ImageJob
            {
                Id = id, State = JobState.Processing, OriginalKey = $"originals/{id:N}.jpg", OriginalContentType = "image/jpeg",
                Operations = ["grayscale"], OutputFormat = "jpeg", Quality = 80, QueuedAt = now, PublishedAt = now, Attempts = 1,
            });
            await db.SaveChangesAsync();
        }
        // MassTransit's own fault event, built from the exception as the worker's pipeline builds it (exception data included).
        await app.Services.GetRequiredService<IBus>().Publish<Fault<ProcessImage>>(new FaultEvent<ProcessImage>(
            new ProcessImage(id, $"originals/{id:N}.jpg", ["grayscale"], "jpeg", 80, now), Guid.NewGuid(), HostMetadataCache.Host, exception,
            [MessageUrn.ForTypeString<ProcessImage>()]));
        await app.Harness.WaitUntilConsumedAsync<MarkJobFailedConsumer, Fault<ProcessImage>>(f => f.Message.JobId == id, $"the fault of job {id}");
        return id;
    }

    static async Task<ImageJob> Row(StandaloneApp app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.JobsOfEveryTenant().Jobs.AsNoTracking().SingleAsync(j => j.Id == id);
    }
}
