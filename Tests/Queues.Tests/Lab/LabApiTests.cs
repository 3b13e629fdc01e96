using System.Net;
using System.Net.Http.Json;
using Queues.Api.Jobs;
using Queues.Api.Lab;
using Queues.Tests.Support;

namespace Queues.Tests.Lab;

/// <summary>The /lab paths: none outside lab mode; in it, for operators only.</summary>
public sealed class LabApiTests
{
    /// <summary>Every lab path: the controller's actions and its views.</summary>
    static readonly (string Method, string Path)[] Paths =
    [
        ("GET", "/lab"), ("GET", "/lab/markers"), ("POST", "/lab/workers"), ("DELETE", "/lab/workers/busiest?signal=kill"),
        ("DELETE", "/lab/workers/worker-1?signal=term"), ("POST", "/lab/broker/stop"), ("POST", "/lab/broker/start"),
        ("POST", "/lab/storage/stop"), ("POST", "/lab/storage/start"), ("POST", "/lab/poison"), ("POST", "/lab/flood?count=1&rate=1"),
        ("GET", "/lab/floods/flood-1"), ("POST", "/lab/workers/worker-1/concurrency?value=1"),
    ];

    [Fact]
    public async Task Outside_lab_mode_every_lab_path_is_404_even_for_an_operator()
    {
        await using var app = new KeyedApp();
        foreach (var (method, path) in Paths)
        {
            using var response = await app.ClientWith(KeyedApp.OperatorKey).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{method} {path}");
        }
    }

    [Fact]
    public async Task In_lab_mode_a_submitter_gets_403_on_every_lab_path_and_acts_on_nothing()
    {
        await using var app = new LabApp();
        foreach (var (method, path) in Paths)
        {
            using var response = await app.ClientWith(KeyedApp.TenantAKey).SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{method} {path}");
        }
        app.Services.GetRequiredService<LabMarkers>().Since(null).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("count=0&rate=5")]
    [InlineData("count=501&rate=5")]
    [InlineData("count=10&rate=51")]
    [InlineData("count=10")]
    public async Task A_flood_beyond_its_bounds_is_refused_and_starts_nothing(string query)
    {
        await using var app = new LabApp();
        using var response = await app.ClientWith(KeyedApp.OperatorKey).PostAsync($"/lab/flood?{query}", null);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        app.Services.GetRequiredService<LabFloods>().All().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("value=0")]
    [InlineData("value=65")]
    [InlineData("value=4&prefetch=2")]
    [InlineData("value=4&prefetch=1001")]
    public async Task A_concurrency_beyond_its_bounds_is_refused_and_restarts_nothing(string query)
    {
        await using var app = new LabApp();
        using var response = await app.ClientWith(KeyedApp.OperatorKey).PostAsync($"/lab/workers/worker-1/concurrency?{query}", null);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        app.Services.GetRequiredService<LabMarkers>().Since(null).ShouldBeEmpty();
    }

    [Fact]
    public async Task In_lab_mode_a_submitter_gets_403_no_key_401_and_an_operator_the_markers_after_since()
    {
        await using var app = new LabApp();
        var markers = app.Services.GetRequiredService<LabMarkers>();
        var first = markers.Add("worker-1 killed", "SIGKILL, 2 jobs in flight");
        var second = markers.Add("broker stopped");

        using (var submitter = await app.ClientWith(KeyedApp.TenantAKey).GetAsync("/lab/markers"))
            submitter.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var anonymous = await app.ClientWith(null).GetAsync("/lab/markers"))
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var ops = app.ClientWith(KeyedApp.OperatorKey);
        (await ops.GetFromJsonAsync<List<LabMarkerView>>("/lab/markers", StandaloneApp.Json)).ShouldBe([View(first), View(second)]);
        (await ops.GetFromJsonAsync<List<LabMarkerView>>($"/lab/markers?since={first.At:O}", StandaloneApp.Json)).ShouldBe([View(second)]);
    }

    static LabMarkerView View(LabMarker marker, double? firstCompletionAfter = null) => new(marker.At, marker.Label, marker.Detail, firstCompletionAfter);

    [Fact]
    public async Task A_marker_gives_the_time_to_the_first_job_completed_after_it_once_one_has()
    {
        await using var app = new LabApp();
        var ops = app.ClientWith(KeyedApp.OperatorKey);
        var before = app.Services.GetRequiredService<LabMarkers>().Add("broker started");
        (await ops.GetFromJsonAsync<List<LabMarkerView>>("/lab/markers", StandaloneApp.Json))!.Single().FirstCompletionAfterSeconds.ShouldBeNull();

        var job = await ops.UploadAsync(TestImages.Jpeg(64, 48));
        var done = await ops.WaitForEndAsync(job.Id);
        done.State.ShouldBe(JobState.Completed);

        var after = (await ops.GetFromJsonAsync<List<LabMarkerView>>("/lab/markers", StandaloneApp.Json))!.Single();
        after.FirstCompletionAfterSeconds!.Value.ShouldBe(Math.Round((done.FinishedAt!.Value - before.At).TotalSeconds, 2), 0.011);
    }

    [Fact]
    public void Only_the_newest_markers_are_kept()
    {
        var markers = new LabMarkers(TimeProvider.System);
        for (var i = 0; i < LabMarkers.Capacity + 3; i++) markers.Add($"action {i}");
        var kept = markers.Since(null);
        kept.Count.ShouldBe(LabMarkers.Capacity);
        kept[0].Label.ShouldBe("action 3");
        kept[^1].Label.ShouldBe($"action {LabMarkers.Capacity + 2}");
    }
}
