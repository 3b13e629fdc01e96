using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;
using Queues.Api.Jobs;
using Queues.Contracts;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>The upload's notBefore and priority: a delayed job waits in the outbox; higher priorities are sent first.</summary>
public sealed class ScheduleTests
{
    sealed class FakeClockApp : StandaloneApp
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    [Fact]
    public async Task A_delayed_job_is_not_sent_before_its_time_and_is_sent_when_due()
    {
        await using var app = new FakeClockApp();
        var client = app.CreateClient();
        var due = app.Clock.GetUtcNow().UtcDateTime.AddHours(1);
        var delayed = await UploadAsync(client, ("notBefore", due.ToString("O")));
        delayed.State.ShouldBe(JobState.Queued);
        delayed.NotBefore.ShouldBe(due);

        // A job uploaded after it goes through the outbox and completes; the delayed one is still unsent.
        var now = await client.UploadAsync(TestImages.Jpeg(320, 240));
        (await client.WaitForEndAsync(now.Id)).State.ShouldBe(JobState.Completed);
        app.Harness.PublishedSoFar<ImageProcessingStarted>(e => e.JobId == delayed.Id).ShouldBeEmpty();
        (await client.GetJobAsync(delayed.Id)).State.ShouldBe(JobState.Queued);

        app.Clock.Advance(TimeSpan.FromHours(1));
        (await client.WaitForEndAsync(delayed.Id)).State.ShouldBe(JobState.Completed);
    }

    [Fact]
    public async Task A_delayed_job_cancelled_while_waiting_is_never_sent()
    {
        await using var app = new FakeClockApp();
        var client = app.CreateClient();
        var delayed = await UploadAsync(client, ("notBefore", app.Clock.GetUtcNow().UtcDateTime.AddMinutes(10).ToString("O")));
        (await CancelTests.CancelAsync(client, delayed.Id)).State.ShouldBe(JobState.Cancelled);

        app.Clock.Advance(TimeSpan.FromMinutes(11));
        var later = await client.UploadAsync(TestImages.Jpeg(320, 240));
        (await client.WaitForEndAsync(later.Id)).State.ShouldBe(JobState.Completed);
        app.Harness.Sent.Select<ProcessImage>(m => m.Context.Message.JobId == delayed.Id, new CancellationToken(true)).ShouldBeEmpty();
        (await client.GetJobAsync(delayed.Id)).State.ShouldBe(JobState.Cancelled);
    }

    [Fact]
    public async Task On_the_real_clock_a_job_due_in_two_seconds_starts_no_earlier()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var due = DateTime.UtcNow.AddSeconds(2);
        var job = await UploadAsync(client, ("notBefore", due.ToString("O")));

        var done = await client.WaitForEndAsync(job.Id);

        done.State.ShouldBe(JobState.Completed);
        done.StartedAt!.Value.ShouldBeGreaterThanOrEqualTo(due);
    }

    [Theory]
    [InlineData("priority", "urgent", "priority is high, normal (the default) or low.")]
    [InlineData("priority", "0", "priority is high, normal (the default) or low.")]
    [InlineData("notBefore", "soon", "notBefore is an ISO 8601 time, e.g. 2026-12-01T10:00:00Z.")]
    [InlineData("notBefore", "-1 minute", "notBefore is in the past")]
    [InlineData("notBefore", "+3650 days", "notBefore is at most 30 days ahead")]
    public async Task Bad_priority_or_notBefore_answers_400_saying_what_is_allowed(string field, string value, string detail)
    {
        await using var app = new StandaloneApp();
        value = value switch
        {
            "-1 minute" => DateTime.UtcNow.AddMinutes(-1).ToString("O"),
            "+3650 days" => DateTime.UtcNow.AddDays(3650).ToString("O"),
            _ => value,
        };
        using var form = JobsClient.Form(TestImages.Jpeg(64, 48));
        form.Add(new StringContent(value), field);
        using var response = await app.CreateClient().PostAsync("/jobs", form);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail.ShouldNotBeNull().ShouldStartWith(detail);
    }

    /// <summary>One worker slot and one job at a time in the broker: the backlog waits in the outbox, which sends high first.</summary>
    sealed class NarrowBrokerApp : StandaloneApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Worker:Concurrency", "1");
            builder.UseSetting("Jobs:MaxWaitingInBroker", "1");
        }
    }

    [Fact]
    public async Task A_high_priority_job_sent_after_a_normal_backlog_completes_before_most_of_it()
    {
        await using var app = new NarrowBrokerApp();
        var client = app.CreateClient();
        // Holds the one slot while the backlog is uploaded, until it is cancelled (a 200 says it was still running).
        var blocker = await CancelTests.StartSlowJobAsync(client);
        var normal = new List<Guid>();
        for (var i = 0; i < 20; i++) normal.Add((await UploadAsync(client, ("operations", "blur:1"))).Id);
        var high = await UploadAsync(client, ("priority", "high"), ("operations", "blur:1"));
        high.Priority.ShouldBe(JobPriority.High);
        await CancelTests.CancelAsync(client, blocker.Id);

        var highDone = (await client.WaitForEndAsync(high.Id)).FinishedAt!.Value;
        var normals = new List<JobView>();
        foreach (var id in normal) normals.Add(await client.WaitForEndAsync(id));

        normals.ShouldAllBe(j => j.State == JobState.Completed);
        var after = normals.Count(j => j.FinishedAt > highDone);
        after.ShouldBeGreaterThanOrEqualTo(17, $"{after} of 20 normal jobs finished after the high one");
    }

    static async Task<JobView> UploadAsync(HttpClient client, params (string Field, string Value)[] fields)
    {
        using var form = JobsClient.Form(TestImages.Jpeg(320, 240));
        foreach (var (field, value) in fields) form.Add(new StringContent(value), field);
        using var response = await client.PostAsync("/jobs", form);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JobView>(StandaloneApp.Json))!;
    }
}
