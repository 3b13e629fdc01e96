using MassTransit;
using Queues.Api.Jobs;
using Queues.Contracts;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>
/// Events may arrive late, twice, or out of order; only forward transitions apply. Each test waits until the
/// job-state consumer has consumed the very event it published, then reads the row: a consumer slower than the
/// test cannot make it pass without testing anything.
/// </summary>
public sealed class JobStateTests : IAsyncLifetime
{
    // A fresh app per test: each test changes jobs, counts and what the harness has seen.
    readonly StandaloneApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    HttpClient client => field ??= app.CreateClient();
    IBus bus => field ??= app.Services.GetRequiredService<IBus>();

    /// <summary>A job row that the outbox already sent, so only the events this test publishes move it.</summary>
    async Task<Guid> ExistingJob()
    {
        var id = Guid.NewGuid();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        db.Jobs.Add(new ImageJob
        {
            Id = id, State = JobState.Queued, OriginalKey = $"originals/{id:N}.jpg", OriginalContentType = "image/jpeg",
            Operations = ["grayscale"], OutputFormat = "jpeg", Quality = 80, QueuedAt = DateTime.UtcNow, PublishedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
        return id;
    }

    static ImageProcessed Processed(Guid id, DateTime at, string worker = "w1") =>
        new(id, worker, $"results/{id:N}.jpg", "image/jpeg", 10, 10, 100, ["grayscale"], 12.5, at.AddSeconds(-1), at.AddMilliseconds(-20), at);

    Task Completion(Guid id, string worker) => app.Harness.WaitUntilConsumedAsync<MarkJobCompletedConsumer, ImageProcessed>(
        m => m.JobId == id && m.WorkerId == worker, $"job {id} completed by {worker}");

    Task Start(Guid id, string worker) => app.Harness.WaitUntilConsumedAsync<MarkJobProcessingConsumer, ImageProcessingStarted>(
        m => m.JobId == id && m.WorkerId == worker, $"job {id} started on {worker}");

    [Fact]
    public async Task A_late_start_or_fault_does_not_move_a_completed_job_back()
    {
        var id = await ExistingJob();
        var now = DateTime.UtcNow;
        await bus.Publish(Processed(id, now));
        await Completion(id, "w1");
        (await client.GetJobAsync(id)).State.ShouldBe(JobState.Completed);

        await bus.Publish(new ImageProcessingStarted(id, "w2", 2, true, now.AddSeconds(1)));
        await bus.Publish<Fault<ProcessImage>>(new
        {
            Timestamp = now.AddSeconds(2),
            Message = new ProcessImage(id, $"originals/{id:N}.jpg", ["grayscale"], "jpeg", 80, now),
            Exceptions = new[] { new { ExceptionType = "System.IO.IOException", Message = "a late fault" } },
        });
        await Start(id, "w2");
        await app.Harness.WaitUntilConsumedAsync<MarkJobFailedConsumer, Fault<ProcessImage>>(m => m.Message.JobId == id, $"the late fault of job {id}");

        var job = await client.GetJobAsync(id);
        job.State.ShouldBe(JobState.Completed);
        job.WorkerId.ShouldBe("w1");
        job.Attempts.ShouldBe(1);
        job.FailureReason.ShouldBeNull();
    }

    [Fact]
    public async Task A_duplicate_completion_changes_nothing()
    {
        var id = await ExistingJob();
        var first = DateTime.UtcNow;
        await bus.Publish(new ImageProcessingStarted(id, "w1", 1, false, first.AddMilliseconds(-50)));
        await bus.Publish(Processed(id, first));
        await Start(id, "w1");
        await Completion(id, "w1");
        var done = await client.GetJobAsync(id);
        done.State.ShouldBe(JobState.Completed);

        await bus.Publish(Processed(id, first.AddSeconds(5), worker: "w9"));
        await Completion(id, "w9");

        var job = await client.GetJobAsync(id);
        job.FinishedAt.ShouldBe(done.FinishedAt);
        job.WorkerId.ShouldBe("w1");
    }

    [Fact]
    public async Task Each_start_counts_an_attempt_while_the_job_runs()
    {
        var id = await ExistingJob();
        var now = DateTime.UtcNow;
        await bus.Publish(new ImageProcessingStarted(id, "w1", 1, false, now));
        await bus.Publish(new ImageProcessingStarted(id, "w2", 1, true, now.AddSeconds(1)));
        await Start(id, "w1");
        await Start(id, "w2");

        var job = await client.GetJobAsync(id);
        job.State.ShouldBe(JobState.Processing);
        job.Attempts.ShouldBe(2);
        job.StartedAt.ShouldNotBeNull().ShouldBe(now, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_start_event_delivered_again_counts_one_attempt()
    {
        // The broker delivers a message again when the acknowledgement is lost with the connection; the worker sends
        // one again, under the same id, when its first publish failed. Either way it is one attempt, running or finished.
        var id = await ExistingJob();
        var now = DateTime.UtcNow;
        var first = NewId.NextGuid();
        var started = new ImageProcessingStarted(id, "w1", 1, false, now);
        (await StartedAsync(started, first)).ShouldBeTrue();
        (await StartedAsync(started, first)).ShouldBeFalse();
        (await client.GetJobAsync(id)).Attempts.ShouldBe(1);

        (await StartedAsync(new ImageProcessingStarted(id, "w2", 1, true, now.AddSeconds(1)), NewId.NextGuid())).ShouldBeTrue();
        await bus.Publish(Processed(id, now.AddSeconds(2), "w2"));
        await Completion(id, "w2");
        (await StartedAsync(started, first)).ShouldBeFalse();

        var job = await client.GetJobAsync(id);
        job.State.ShouldBe(JobState.Completed);
        job.Attempts.ShouldBe(2);
    }

    async Task<bool> StartedAsync(ImageProcessingStarted started, Guid messageId)
    {
        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.JobsOfEveryTenant();
        return await scope.ServiceProvider.GetRequiredService<JobTransitions>().StartedAsync(started, messageId, CancellationToken.None);
    }
}
