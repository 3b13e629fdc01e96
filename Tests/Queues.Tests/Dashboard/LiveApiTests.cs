using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Queues.Api.Dashboard;
using Queues.Api.Lab;
using Queues.Tests.Lab;
using Queues.Tests.Support;

namespace Queues.Tests.Dashboard;

/// <summary>GET /live, the dashboard's live charts, and the lab's pause/resume markers drawn on them.</summary>
public sealed class LiveApiTests
{
    [Fact]
    public async Task Samples_show_completions_p95_and_the_worker_once_jobs_complete()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var first = await client.UploadAsync(TestImages.Jpeg(320, 240));
        await client.UploadAsync(TestImages.Jpeg(320, 240));
        await client.WaitForEndAsync(first.Id);

        var live = await Eventually.Until(async () => (await client.GetFromJsonAsync<LiveCharts>("/live", StandaloneApp.Json))!,
            charts => charts.Samples.Any(s => s.CompletedPerSecond > 0),
            "a live sample with completions above 0 after two uploads");
        live.DepthSource.ShouldBe("jobs-table");
        live.IntervalSeconds.ShouldBe(2);
        live.WindowSeconds.ShouldBe(300);
        var sample = live.Samples.Last(s => s.CompletedPerSecond > 0);
        sample.P95EndToEndMs.ShouldNotBeNull().ShouldBeGreaterThan(0);
        sample.WorkersOnline.ShouldBe(1);
        live.Samples.Select(s => s.At).ShouldBeInOrder();
    }

    [Fact]
    public void Samples_older_than_the_window_are_dropped()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.Zero));
        var series = new LiveSeries(clock, Options.Create(new DashboardOptions { LiveWindow = TimeSpan.FromMinutes(5) }));
        LiveSample At(DateTimeOffset t) => new(t.UtcDateTime, 0, 0, 1, 0, null);
        var start = clock.GetUtcNow();
        series.Add(At(start));
        clock.Advance(TimeSpan.FromMinutes(3));
        series.Add(At(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(3));
        series.Add(At(clock.GetUtcNow()));

        series.All().Select(s => s.At).ShouldBe([start.AddMinutes(3).UtcDateTime, start.AddMinutes(6).UtcDateTime]);
    }

    [Fact]
    public void The_series_is_watched_for_one_window_after_a_dashboard_reads_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.Zero));
        var series = new LiveSeries(clock, Options.Create(new DashboardOptions { LiveWindow = TimeSpan.FromMinutes(5) }));
        series.IsWatched.ShouldBeFalse("nobody has read the charts: the sampler takes nothing");

        series.Watched();
        clock.Advance(TimeSpan.FromMinutes(5));
        series.IsWatched.ShouldBeTrue("read 5 minutes ago: still within the window");
        clock.Advance(TimeSpan.FromSeconds(1));
        series.IsWatched.ShouldBeFalse("no read for longer than the window");
    }

    [Fact]
    public async Task In_lab_mode_pause_and_resume_each_leave_one_marker_and_repeating_one_leaves_none()
    {
        await using var app = new LabApp();
        var ops = app.ClientWith(KeyedApp.OperatorKey);
        foreach (var path in new[] { "/processing/pause", "/processing/pause", "/processing/resume" })
            (await ops.PostAsync(path, null)).EnsureSuccessStatusCode();

        var markers = (await ops.GetFromJsonAsync<List<LabMarker>>("/lab/markers", StandaloneApp.Json))!;
        markers.Select(m => m.Label).ShouldBe(["processing paused", "processing resumed"]);
        // The key's id, as GET /processing names who paused.
        markers[0].Detail.ShouldBe("by config:0");
    }

    [Fact]
    public async Task Outside_lab_mode_a_pause_leaves_no_marker()
    {
        await using var app = new KeyedApp();
        var ops = app.ClientWith(KeyedApp.OperatorKey);
        (await ops.PostAsync("/processing/pause", null)).EnsureSuccessStatusCode();
        (await ops.PostAsync("/processing/resume", null)).EnsureSuccessStatusCode();
        app.Services.GetRequiredService<LabMarkers>().Since(null).ShouldBeEmpty();
    }
}
