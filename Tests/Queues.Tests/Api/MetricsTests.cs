using Queues.Api.Jobs;
using Queues.Api.Observability;
using Queues.Components.Notifications;
using Queues.Components.Processing;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>
/// Each test runs its own app and reads that app's instruments (see <see cref="MetricReadings"/>), so every count
/// is exact. One test scrapes /metrics to show the exporter publishes the instruments under their Prometheus names.
/// </summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_count_accepted_completed_and_failed_jobs_as_they_run()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        using var accepted = app.Collect<long>(ApiMetrics.MeterName, "queues.jobs.accepted");
        using var completed = app.Collect<long>(PipelineMetrics.MeterName, "queues.jobs.completed");
        using var failed = app.Collect<long>(PipelineMetrics.MeterName, "queues.jobs.failed");
        using var processing = app.Collect<double>(PipelineMetrics.MeterName, "queues.job.processing.duration");
        using var endToEnd = app.Collect<double>(PipelineMetrics.MeterName, "queues.job.end_to_end.duration");
        using var inFlight = app.Collect<int>(WorkerMetrics.MeterName, "queues.worker.images_in_flight");
        using var online = app.Collect<int>(ApiMetrics.MeterName, "queues.workers.online");

        var jobs = new List<Guid>();
        for (var i = 0; i < 4; i++) jobs.Add((await client.UploadAsync(TestImages.Jpeg(320, 240))).Id);
        jobs.Add((await client.UploadAsync(TestImages.TruncatedJpeg())).Id);
        foreach (var id in jobs) await client.WaitForEndAsync(id);
        // The notifier counts from the completion events on its own queue, a moment after the job rows move.
        await app.Harness.WaitUntilConsumedAsync<NotifyCompletionConsumer, Queues.Contracts.JobCompleted>(m => jobs.Contains(m.JobId), "the 4 completions", 4);
        await app.Harness.WaitUntilConsumedAsync<NotifyFailureConsumer, Queues.Contracts.JobFailed>(
            m => jobs.Contains(m.JobId), "the corrupt upload's failure");

        var worker = ("worker", (object?)app.WorkerId);
        accepted.Sum().ShouldBe(5);
        completed.Sum().ShouldBe(4);
        completed.Sum(worker).ShouldBe(4);
        failed.Sum().ShouldBe(1);
        failed.Sum(("reason", "Corrupt")).ShouldBe(1);
        processing.Count(worker).ShouldBe(4);
        endToEnd.Count(worker).ShouldBe(4);
        endToEnd.Sum(worker).ShouldBeGreaterThanOrEqualTo(processing.Sum(worker), "a job's end-to-end time includes its processing");
        inFlight.Count(worker).ShouldBe(10, "each of the 5 images went in and out");
        inFlight.Sum(worker).ShouldBe(0);
        // Exactly one: this app's own worker, whatever other apps beside it run.
        await Eventually.Until(() => online.Observe() == 1, "the workers-online gauge to count this app's worker from its heartbeats");
    }

    [Fact]
    public async Task Queue_gauges_report_waiting_and_failed_jobs_from_the_jobs_table_in_standalone_mode()
    {
        await using var app = new StandaloneApp();
        using var ready = app.Collect<long>(ApiMetrics.MeterName, "queues.queue.messages.ready");
        using var unacked = app.Collect<long>(ApiMetrics.MeterName, "queues.queue.messages.unacked");
        using var oldest = app.Collect<double>(ApiMetrics.MeterName, "queues.queue.oldest_job.age");

        // A job already handed to the bus but not consumed, queued 90 s ago, and one that failed 40 s ago.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.JobsOfEveryTenant();
            var now = DateTime.UtcNow;
            db.Jobs.Add(Job(JobState.Queued, queuedAt: now.AddSeconds(-90), publishedAt: now.AddSeconds(-90)));
            db.Jobs.Add(Job(JobState.Failed, queuedAt: now.AddSeconds(-45), finishedAt: now.AddSeconds(-40)));
            await db.SaveChangesAsync();
        }

        (string, object?)[] work = [("queue", "process-image"), ("source", "jobs-table")], errors = [("queue", "process-image_error"), ("source", "jobs-table")];
        // The probe polls the jobs table every second; the gauges show its latest reading.
        await Eventually.Until(() => Task.FromResult(oldest.Observe(work)), age => age >= 90, "the probe to see the job queued 90 s ago");
        ready.Observe(work).ShouldBe(1);
        ready.Observe(errors).ShouldBe(1);
        unacked.Observe(work).ShouldBe(0);
        oldest.Observe(work).ShouldNotBeNull().ShouldBeInRange(90, 120);
        oldest.Observe(errors).ShouldNotBeNull().ShouldBeInRange(40, 70);
    }

    [Fact]
    public async Task The_metrics_endpoint_exports_the_instruments_under_their_prometheus_names()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var job = await client.WaitForEndAsync((await client.UploadAsync(TestImages.Jpeg(320, 240))).Id);
        job.State.ShouldBe(JobState.Completed);
        await app.Harness.WaitUntilConsumedAsync<NotifyCompletionConsumer, Queues.Contracts.JobCompleted>(m => m.JobId == job.Id, "the completion");

        var metrics = await Eventually.Until(() => client.GetStringAsync("/metrics"), m => m.Contains("queues_queue_messages_ready{"),
            "the first queue probe to reach the exporter");
        var lines = metrics.Split('\n');
        lines.ShouldContain(l => l.StartsWith("queues_jobs_completed_total{") && l.Contains($"worker=\"{app.WorkerId}\""));
        lines.ShouldContain(l => l.StartsWith("queues_jobs_accepted_total{"));
        lines.ShouldContain(l => l.StartsWith("queues_job_processing_duration_milliseconds_bucket{"));
        lines.ShouldContain(l => l.StartsWith("queues_job_end_to_end_duration_milliseconds_bucket{"));
        lines.ShouldContain(l => l.StartsWith("queues_worker_images_in_flight{"));
        lines.ShouldContain(l => l.StartsWith("queues_queue_oldest_job_age_seconds{") || l.StartsWith("queues_queue_messages_unacked{"));
        metrics.ShouldContain("# TYPE queues_jobs_completed_total counter");
    }

    static ImageJob Job(JobState state, DateTime queuedAt, DateTime? publishedAt = null, DateTime? finishedAt = null) => new()
    {
        Id = Guid.CreateVersion7(), State = state, OriginalKey = "originals/none.jpg", OriginalContentType = "image/jpeg",
        Operations = ["grayscale"], OutputFormat = "jpeg", QueuedAt = queuedAt, PublishedAt = publishedAt, FinishedAt = finishedAt,
        FailureReason = state == JobState.Failed ? "test" : null,
    };
}
