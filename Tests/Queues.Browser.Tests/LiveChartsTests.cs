using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using Queues.Api.Jobs;
using Queues.Browser.Tests.Support;
using Queues.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Queues.Browser.Tests;

/// <summary>The live charts on an app of its own in lab mode (a pause stops every worker of the app): they move, and the lab's actions are drawn on them.</summary>
[Collection(DashboardCollection.Name)]
public sealed class LiveChartsTests(DashboardFixture fixture)
{
    /// <summary>The live charts read every 2 s, the 10-minute charts every 5 s, the queue gauges poll every 1 s in test apps.</summary>
    const float Slow = 20_000;

    static readonly string[] LiveCharts = ["live-depth", "live-rate", "live-workers", "live-p95"];
    static readonly string[] TimelineCharts = ["chart-throughput", "chart-latency", "chart-depth"];

    const string FindCutLabels = """
        () => [...document.querySelectorAll('svg.chart.live text')].filter(t => {
          const box = t.getBBox(), view = t.ownerSVGElement.viewBox.baseVal;
          return box.width === 0 || box.x < 0 || box.x + box.width > view.width;
        }).map(t => t.textContent)
        """;

    sealed class LabApp : StandaloneApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Lab:Enabled", "true");
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Depth_and_completions_move_with_the_jobs_and_a_pause_and_resume_are_labelled_on_every_chart()
    {
        await using var app = new LabApp();
        app.UseKestrel(0);
        app.StartServer();
        var http = app.CreateClient();
        var page = await fixture.OpenDashboardAsync(http.BaseAddress);
        var summary = page.Locator("#live-summary");
        await Expect(summary).ToContainTextAsync("1 worker(s) online", new() { Timeout = Slow });
        await Expect(page.Locator("#live-depth-caption")).ToContainTextAsync("from the jobs table");

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause processing" }).ClickAsync();
        await Expect(page.Locator("#processing-state")).ToHaveTextAsync("PAUSED");
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add((await http.UploadAsync(TestImages.Jpeg(320, 240))).Id);
        await Expect(summary).ToContainTextAsync("Now: 3 ready", new() { Timeout = Slow });

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume processing" }).ClickAsync();
        foreach (var id in ids) (await http.WaitForEndAsync(id)).State.ShouldBe(JobState.Completed);
        await Expect(page.Locator("#live-rate rect.bar").First).ToBeVisibleAsync(new() { Timeout = Slow });
        // A flat line has no height, which Playwright calls hidden: its presence is the fact.
        await Expect(page.Locator("#live-p95 path.line")).ToHaveCountAsync(1, new() { Timeout = Slow });
        await Expect(summary).ToContainTextAsync("Now: 0 ready", new() { Timeout = Slow });

        foreach (var chart in LiveCharts.Concat(TimelineCharts))
            foreach (var label in new[] { "processing paused", "processing resumed" })
                await Expect(page.Locator($"#{chart} svg g.marker[data-label='{label}'] text")).ToHaveTextAsync(label, new() { Timeout = Slow });
        // Every axis label and marker label lies inside its chart: none cut at an edge (the p95 axis once read "00,000").
        var cut = await page.EvaluateAsync<string[]>(FindCutLabels);
        cut.ShouldBeEmpty();
        await Expect(page.Locator("#activity")).ToContainTextAsync("Lab: processing paused (by ");
        await Expect(page.Locator("#activity")).ToContainTextAsync("Lab: processing resumed (by ");
        await Screenshots.SaveAsync(page, "11-live-charts-lab-markers");
    }
}
