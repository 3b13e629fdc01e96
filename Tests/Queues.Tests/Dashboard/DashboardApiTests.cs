using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Queues.Api.Dashboard;
using Queues.Api.Jobs;
using Queues.Imaging;
using Queues.Tests.Support;

namespace Queues.Tests.Dashboard;

public sealed class DashboardApiTests : IAsyncLifetime
{
    // A fresh app per test: each test changes jobs, counts and what the harness has seen.
    readonly StandaloneApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    HttpClient client => field ??= app.CreateClient();

    [Fact]
    public async Task The_dashboard_page_is_served_at_the_root()
    {
        var html = await client.GetStringAsync("/");
        html.ShouldContain("<title>Queues");
        (await client.GetAsync("/js/main.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_batch_queues_N_jobs_from_the_built_in_image_and_they_complete()
    {
        using var response = await client.PostAsync("/jobs/batch?count=3&operations=resize:200x200,sepia", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var batch = (await response.Content.ReadFromJsonAsync<DemoJobsAccepted>(StandaloneApp.Json))!;
        batch.Count.ShouldBe(3);
        batch.Ids.Distinct().Count().ShouldBe(3);

        foreach (var id in batch.Ids)
        {
            var job = await client.WaitForEndAsync(id);
            job.State.ShouldBe(JobState.Completed, job.FailureReason);
            job.OriginalFileName.ShouldBe(DemoImage.FileName);
            job.Original.ShouldBe(new ImageView("image/jpeg", 1200, 900, job.Original.SizeBytes));
            job.Operations.ShouldBe(["resize:200x200:fit", "sepia"]);
        }
        // The sample is colourful, so a filter's effect shows.
        Pixels.MaxChannelSpread(await client.GetByteArrayAsync($"/jobs/{batch.Ids[0]}/original")).ShouldBeGreaterThan(100);
    }

    [Theory]
    [InlineData("count=0", "Invalid count")]
    [InlineData("count=1001", "Invalid count")]
    [InlineData("", "Invalid count")]
    [InlineData("count=2&operations=resize,explode", "Invalid operations")]
    public async Task A_batch_out_of_bounds_or_with_bad_operations_is_refused(string query, string title)
    {
        using var response = await client.PostAsync($"/jobs/batch?{query}", null);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()).GetProperty("title").GetString().ShouldBe(title);
    }

    [Fact]
    public async Task Events_stream_a_job_from_Queued_to_Completed()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = await client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, stop.Token);
        stream.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(stop.Token));
        (await reader.ReadLineAsync(stop.Token)).ShouldBe("retry: 2000");

        var job = await client.UploadAsync(TestImages.Jpeg(300, 200));
        var states = new List<string>();
        while (!states.Contains("Completed"))
        {
            var line = await reader.ReadLineAsync(stop.Token) ?? throw new EndOfStreamException();
            if (!line.StartsWith("data: ") || !line.Contains(job.Id.ToString())) continue;
            states.Add(JsonSerializer.Deserialize<JsonElement>(line[6..]).GetProperty("state").GetString()!);
        }
        states.ShouldBe(["Queued", "Processing", "Completed"]);
    }

    [Fact]
    public async Task An_idle_event_stream_gets_a_keep_alive_comment()
    {
        await using var quick = app.WithWebHostBuilder(b => b.UseSetting("Dashboard:EventsKeepAlive", "00:00:01"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = await quick.CreateClient().GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, stop.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(stop.Token));
        string? line;
        do line = await reader.ReadLineAsync(stop.Token); while (line is not null && line != ": keep-alive");
        line.ShouldBe(": keep-alive");
    }

    [Fact]
    public async Task The_standalone_worker_shows_online_from_its_heartbeats()
    {
        var workers = await Eventually.Until(() => client.GetFromJsonAsync<WorkerView[]>("/workers", StandaloneApp.Json),
            listed => listed!.Any(w => w.WorkerId == app.WorkerId), $"worker {app.WorkerId} to be listed from its heartbeats");
        var worker = workers!.Single(w => w.WorkerId == app.WorkerId);
        worker.Online.ShouldBeTrue();
        worker.ProcessId.ShouldBe(Environment.ProcessId);
    }

    [Fact]
    public async Task The_timeline_counts_finished_jobs_per_bucket_with_their_p95()
    {
        // Its own app, so the timeline holds exactly this test's jobs.
        await using var own = new StandaloneApp();
        var client = own.CreateClient();
        for (var i = 0; i < 2; i++) await client.WaitForEndAsync((await client.UploadAsync(TestImages.Jpeg(300, 200))).Id);

        var timeline = (await client.GetFromJsonAsync<Timeline>("/jobs/timeline?minutes=2", StandaloneApp.Json))!;
        timeline.BucketSeconds.ShouldBe(10);
        timeline.Buckets.Count.ShouldBe(12);
        timeline.Buckets.Sum(b => b.Completed).ShouldBe(2);
        timeline.Buckets.Where(b => b.Completed > 0).ShouldAllBe(b => b.P95EndToEndMs > 0);
        timeline.Totals.Completed.ShouldBe(2);

        (await client.GetAsync("/jobs/timeline?minutes=0")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
