using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Queues.Api.Jobs;
using Queues.Api.Jobs.Migrations;
using Queues.Tests.Api.Schema;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>GET /jobs/{id}/timeline: a job's events in order, bounded, deleted with it, on both providers.</summary>
public sealed class TimelineTests(PrivatePostgres postgres) : IClassFixture<PrivatePostgres>
{
    [Fact]
    public async Task On_SQLite_a_completed_job_reads_accepted_sent_delivered_completed_announced()
    {
        await using var app = new TimelineApp();
        await CompletedJobsTimelineAsync(app);
    }

    [Fact]
    public async Task On_PostgreSQL_a_completed_job_reads_accepted_sent_delivered_completed_announced()
    {
        await using var app = new TimelineApp(postgres: postgres.NewDatabase());
        await CompletedJobsTimelineAsync(app);
    }

    static async Task CompletedJobsTimelineAsync(TimelineApp app)
    {
        var client = app.CreateClient();
        var job = await client.UploadAsync(TestImages.Jpeg(640, 480));
        (await client.WaitForEndAsync(job.Id)).State.ShouldBe(JobState.Completed);

        var timeline = await client.WaitForTimelineAsync(job.Id, t => t.Kinds().Contains(JobEventKinds.Announced), "its announcement");
        // The halfway mark may come before or after the start on its own queue; it is not what this test is about.
        timeline.Kinds(JobEventKinds.Progress).ShouldBe([JobEventKinds.Accepted, JobEventKinds.Sent, JobEventKinds.Delivered,
            JobEventKinds.Completed, JobEventKinds.Announced]);
        timeline.State.ShouldBe(JobState.Completed);
        timeline.Recording.ShouldBeTrue();
        timeline.Events.Select(e => e.At).ShouldBeInOrder();
        timeline.Events[0].SinceAcceptedMs.ShouldBe(0);

        var delivered = timeline.Events.Single(e => e.Kind == JobEventKinds.Delivered);
        delivered.Source.ShouldBe(app.WorkerId);
        delivered.Detail!.Value.GetProperty("attempt").GetInt32().ShouldBe(1);
        delivered.Detail.Value.GetProperty("deliveryCount").GetInt32().ShouldBe(1);
        delivered.Detail.Value.GetProperty("redelivered").GetBoolean().ShouldBeFalse();
        var replica = app.Services.GetRequiredService<ReplicaIdentity>().Id;
        timeline.Events.Single(e => e.Kind == JobEventKinds.Accepted).Source.ShouldBe(replica);
        timeline.Events.Single(e => e.Kind == JobEventKinds.Sent).Detail!.Value.GetProperty("messageId").GetString().ShouldNotBeNullOrEmpty();
        timeline.Events.Single(e => e.Kind == JobEventKinds.Announced).Detail!.Value.GetProperty("event").GetString().ShouldBe("JobCompleted");

        timeline.TraceId.ShouldNotBeNull().Length.ShouldBe(32);
        timeline.TraceUrl.ShouldBe(TimelineApp.TraceViewer.Replace("{traceId}", timeline.TraceId));
    }

    [Fact]
    public async Task A_failed_job_with_a_callbackUrl_shows_each_webhook_try_after_its_announcement()
    {
        await using var app = new TimelineApp();
        var client = app.CreateClient();
        var job = await client.UploadAsync(TestImages.TruncatedJpeg(), callbackUrl: "https://203.0.113.7/hooks/queues");
        (await client.WaitForEndAsync(job.Id)).State.ShouldBe(JobState.Failed);

        var timeline = await client.WaitForTimelineAsync(job.Id, t => t.Kinds().Count(k => k == JobEventKinds.Webhook) == 2, "both webhook tries");
        timeline.Kinds(JobEventKinds.Progress, JobEventKinds.Retried).ShouldBe([JobEventKinds.Accepted, JobEventKinds.Sent,
            JobEventKinds.Delivered, JobEventKinds.Failed, JobEventKinds.Announced, JobEventKinds.Webhook, JobEventKinds.Webhook]);
        timeline.Events.Single(e => e.Kind == JobEventKinds.Failed).Detail!.Value.GetProperty("kind").GetString().ShouldBe("Corrupt");
        var tries = timeline.Events.Where(e => e.Kind == JobEventKinds.Webhook).Select(e => e.Detail!.Value).ToList();
        tries.Select(t => t.GetProperty("attempt").GetInt32()).ShouldBe([1, 2]);
        tries.ShouldAllBe(t => t.GetProperty("target").GetString() == "callbackUrl" && t.GetProperty("event").GetString() == "job.failed"
            && !t.GetProperty("delivered").GetBoolean() && t.GetProperty("error").GetString()!.Length > 0
            && t.GetProperty("durationMs").GetDouble() >= 0);
    }

    [Fact]
    public async Task On_SQLite_past_the_limit_the_acceptance_and_the_latest_events_stay() =>
        await PastTheLimitAsync(new TimelineApp(new Dictionary<string, string> { ["Timeline:MaxEventsPerJob"] = "4" }));

    [Fact]
    public async Task On_PostgreSQL_past_the_limit_the_acceptance_and_the_latest_events_stay() =>
        await PastTheLimitAsync(new TimelineApp(new Dictionary<string, string> { ["Timeline:MaxEventsPerJob"] = "4" }, postgres.NewDatabase()));

    static async Task PastTheLimitAsync(TimelineApp app)
    {
        await using var _ = app;
        var client = app.CreateClient();
        var job = await client.UploadAsync(TestImages.Jpeg(64, 48));
        await client.WaitForTimelineAsync(job.Id, t => t.Kinds().Contains(JobEventKinds.Announced), "its announcement");
        var timeline = app.Services.GetRequiredService<JobTimeline>();
        for (var i = 1; i <= 6; i++) timeline.Record(job.Id, JobEventKinds.Webhook, JobEventDetail.Of(("attempt", i)));

        var kept = await client.WaitForTimelineAsync(job.Id, t => t.Events.Count == 4 && t.Events[^1].Detail is { } last
            && last.TryGetProperty("attempt", out var attempt) && attempt.GetInt32() == 6,
            "the acceptance and the last three tries only");
        kept.Kinds().ShouldBe([JobEventKinds.Accepted, JobEventKinds.Webhook, JobEventKinds.Webhook, JobEventKinds.Webhook]);
        kept.Events.Skip(1).Select(e => e.Detail!.Value.GetProperty("attempt").GetInt32()).ShouldBe([4, 5, 6]);
        (await app.StoredEventsAsync(job.Id)).Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_stopping_host_writes_the_events_it_still_holds()
    {
        var database = postgres.NewDatabase();
        Guid jobId;
        // A flush interval far longer than the test: only the stop can write these.
        await using (var app = new TimelineApp(new Dictionary<string, string> { ["Timeline:FlushInterval"] = "00:01:00" }, database))
        {
            var client = app.CreateClient();
            jobId = (await client.UploadAsync(TestImages.Jpeg(64, 48))).Id;
            var timeline = app.Services.GetRequiredService<JobTimeline>();
            for (var i = 1; i <= 3; i++) timeline.Record(jobId, JobEventKinds.Webhook, JobEventDetail.Of(("attempt", i)));
        }

        await using var db = new PostgresJobsDbContext(new DbContextOptionsBuilder<PostgresJobsDbContext>().UseNpgsql(database).Options);
        var kinds = await db.JobEvents().Where(e => e.JobId == jobId).Select(e => e.Kind).ToListAsync();
        kinds.ShouldContain(JobEventKinds.Accepted);
        kinds.Count(k => k == JobEventKinds.Webhook).ShouldBe(3);
    }

    [Fact]
    public async Task Deleting_a_job_deletes_its_events()
    {
        await using var app = new TimelineApp();
        var client = app.CreateClient();
        var job = await client.UploadAsync(TestImages.Jpeg(64, 48));
        await client.WaitForTimelineAsync(job.Id, t => t.Kinds().Contains(JobEventKinds.Announced), "its announcement");
        (await app.StoredEventsAsync(job.Id)).ShouldNotBeEmpty();

        using var deleted = await client.DeleteAsync($"/jobs/{job.Id}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.StoredEventsAsync(job.Id)).ShouldBeEmpty();
        using var gone = await client.GetAsync($"/jobs/{job.Id}/timeline");
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Retention_deletes_a_jobs_events_with_it()
    {
        await using var app = new TimelineApp();
        var client = app.CreateClient();
        var job = await client.UploadAsync(TestImages.Jpeg(64, 48));
        await client.WaitForTimelineAsync(job.Id, t => t.Kinds().Contains(JobEventKinds.Announced), "its announcement");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(30));
        var sweeper = ActivatorUtilities.CreateInstance<RetentionSweeper>(app.Services, (TimeProvider)clock,
            Options.Create(new RetentionOptions { MaxAge = TimeSpan.FromDays(7) }));

        (await sweeper.SweepAsync(CancellationToken.None)).Jobs.ShouldBe(1);
        (await app.StoredEventsAsync(job.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_tenants_job_has_no_timeline_for_them()
    {
        await using var app = new KeyedApp();
        var owner = app.ClientWith(KeyedApp.TenantAKey);
        var job = await owner.UploadAsync(TestImages.Jpeg(64, 48));
        await owner.WaitForTimelineAsync(job.Id, t => t.Kinds().Contains(JobEventKinds.Accepted), "its acceptance");

        using var other = await app.ClientWith(KeyedApp.TenantBKey).GetAsync($"/jobs/{job.Id}/timeline");
        other.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Content.ReadAsStringAsync()).ShouldContain("No such job");
    }

    [Fact]
    public void A_full_channel_drops_new_events_and_counts_them_rather_than_wait()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var dropped = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), Queues.Api.Observability.ApiMetrics.MeterName, JobTimeline.DroppedMetric);
        // No writer takes from it: the channel fills at its capacity.
        var timeline = new JobTimeline(new ReplicaIdentity(), Options.Create(new TimelineOptions { Capacity = 10 }), TimeProvider.System,
            services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<JobTimeline>.Instance);

        for (var i = 0; i < 15; i++) timeline.Record(Guid.NewGuid(), JobEventKinds.Accepted);

        timeline.Waiting.ShouldBe(10);
        timeline.Dropped.ShouldBe(5);
        dropped.RecordObservableInstruments();
        dropped.LastMeasurement.ShouldNotBeNull().Value.ShouldBe(5);
    }

    [Fact]
    public async Task Switched_off_it_records_nothing()
    {
        await using var app = new TimelineApp(new Dictionary<string, string> { ["Timeline:Enabled"] = "false" });
        var client = app.CreateClient();
        var job = await client.UploadAsync(TestImages.Jpeg(64, 48), callbackUrl: "https://203.0.113.7/hooks/queues");
        (await client.WaitForEndAsync(job.Id)).State.ShouldBe(JobState.Completed);
        // Every recording point has run once both webhook tries are counted on the row; recording is synchronous.
        await Eventually.Until(async () => (await client.GetJobAsync(job.Id)).Webhook?.Attempts == 2, "both webhook tries");

        app.Services.GetRequiredService<JobTimeline>().Waiting.ShouldBe(0);
        (await app.StoredEventsAsync(job.Id)).ShouldBeEmpty();
        var timeline = await client.GetTimelineAsync(job.Id);
        timeline.Recording.ShouldBeFalse();
        timeline.Events.ShouldBeEmpty();
    }
}
