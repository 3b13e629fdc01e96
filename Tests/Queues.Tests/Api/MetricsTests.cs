using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;
using Queues.Tests.Support;
using static Queues.Tests.Support.MetricsText;

namespace Queues.Tests.Api;

/// <summary>
/// Meters are process-wide, so series without a worker label (accepted, failed, the queue gauges) would mix
/// every test host's numbers: this collection runs alone, after the parallel ones, and counts differences.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

[Collection(nameof(MetricsCollection))]
public sealed class MetricsTests(StandaloneApp app) : IClassFixture<StandaloneApp>
{
    readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Metrics_count_accepted_completed_and_failed_jobs_as_they_run()
    {
        var before = await client.GetStringAsync("/metrics");
        var worker = $"worker=\"{app.WorkerId}\"";

        var jobs = new List<Guid>();
        for (var i = 0; i < 4; i++) jobs.Add((await client.UploadAsync(TestImages.Jpeg(320, 240))).Id);
        jobs.Add((await client.UploadAsync(TestImages.TruncatedJpeg())).Id);
        foreach (var id in jobs) await client.WaitForEndAsync(id);

        // The notifier counts from the completion events on its own queue, a moment after the job rows move.
        var after = await PollMetricsAsync(m => Sum(m, "queues_jobs_failed_total") - Sum(before, "queues_jobs_failed_total") >= 1
            && Sum(m, "queues_jobs_completed_total", worker) >= 4);

        (Sum(after, "queues_jobs_accepted_total") - Sum(before, "queues_jobs_accepted_total")).ShouldBe(5);
        Sum(after, "queues_jobs_completed_total", worker).ShouldBe(4);
        (Sum(after, "queues_jobs_failed_total", "reason=\"Corrupt\"") - Sum(before, "queues_jobs_failed_total", "reason=\"Corrupt\"")).ShouldBe(1);
        Sum(after, "queues_job_processing_duration_milliseconds_count", worker).ShouldBe(4);
        Sum(after, "queues_job_end_to_end_duration_milliseconds_count", worker).ShouldBe(4);
        Sum(after, "queues_job_end_to_end_duration_milliseconds_sum", worker)
            .ShouldBeGreaterThanOrEqualTo(Sum(after, "queues_job_processing_duration_milliseconds_sum", worker));
        Samples(after, "queues_worker_images_in_flight", worker).ShouldBe([0]);
        Sum(after, "queues_workers_online").ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Queue_gauges_report_waiting_and_failed_jobs_from_the_jobs_table_in_standalone_mode()
    {
        // A job already handed to the bus but not consumed, queued 90 s ago, and one that failed 40 s ago.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
            var now = DateTime.UtcNow;
            db.Jobs.Add(Job(JobState.Queued, queuedAt: now.AddSeconds(-90), publishedAt: now.AddSeconds(-90)));
            db.Jobs.Add(Job(JobState.Failed, queuedAt: now.AddSeconds(-45), finishedAt: now.AddSeconds(-40)));
            await db.SaveChangesAsync();
        }

        const string work = "queue=\"process-image\",source=\"jobs-table\"", errors = "queue=\"process-image_error\",source=\"jobs-table\"";
        var metrics = await PollMetricsAsync(m => Sum(m, "queues_queue_oldest_job_age_seconds", work) >= 90);
        Sum(metrics, "queues_queue_messages_ready", work).ShouldBeGreaterThanOrEqualTo(1);
        Sum(metrics, "queues_queue_messages_ready", errors).ShouldBeGreaterThanOrEqualTo(1);
        Sum(metrics, "queues_queue_oldest_job_age_seconds", work).ShouldBeInRange(90, 120);
        Sum(metrics, "queues_queue_oldest_job_age_seconds", errors).ShouldBeInRange(40, 70);
        metrics.ShouldContain("queues_queue_messages_unacked{");
    }

    async Task<string> PollMetricsAsync(Func<string, bool> until)
    {
        var metrics = "";
        for (var i = 0; i < 100 && !until(metrics); i++)
        {
            await Task.Delay(100);
            metrics = await client.GetStringAsync("/metrics");
        }
        return metrics;
    }

    static ImageJob Job(JobState state, DateTime queuedAt, DateTime? publishedAt = null, DateTime? finishedAt = null) => new()
    {
        Id = Guid.CreateVersion7(), State = state, OriginalKey = "originals/none.jpg", OriginalContentType = "image/jpeg",
        Operations = ["grayscale"], OutputFormat = "jpeg", QueuedAt = queuedAt, PublishedAt = publishedAt, FinishedAt = finishedAt,
        FailureReason = state == JobState.Failed ? "test" : null,
    };
}
