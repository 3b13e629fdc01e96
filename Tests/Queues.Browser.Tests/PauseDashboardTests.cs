using Microsoft.Playwright;
using Queues.Api.Jobs;
using Queues.Browser.Tests.Support;
using Queues.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Queues.Browser.Tests;

/// <summary>Pause and resume from the dashboard, on an app of its own (a pause stops every worker of the app).</summary>
[Collection(DashboardCollection.Name)]
public sealed class PauseDashboardTests(DashboardFixture fixture)
{
    /// <summary>The workers panel reads every 3 s from heartbeats sent every 2 s; the counts come with the charts, every 5 s.</summary>
    const float Slow = 20_000;

    [Fact(Timeout = 180_000)]
    public async Task The_pause_button_shows_a_banner_the_queue_fills_and_resume_runs_the_jobs()
    {
        await using var app = new StandaloneApp();
        app.UseKestrel(0);
        app.StartServer();
        var http = app.CreateClient();
        var page = await fixture.OpenDashboardAsync(http.BaseAddress);
        await Expect(page.Locator("#processing-state")).ToHaveTextAsync("RUNNING");
        await Expect(page.Locator("#paused-banner")).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause processing" }).ClickAsync();
        await Expect(page.Locator("#paused-banner")).ToBeVisibleAsync();
        await Expect(page.Locator("#paused-banner")).ToContainTextAsync("Processing paused since");
        await Expect(page.Locator("#processing-state")).ToHaveTextAsync("PAUSED");
        await Expect(page.Locator($"li[data-worker-id='{app.WorkerId}'] .badge.paused")).ToBeVisibleAsync(new() { Timeout = Slow });

        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add((await http.UploadAsync(TestImages.Jpeg(320, 240))).Id);
        // Standalone, the queues panel shows the jobs table's counts: the three wait there.
        await Expect(page.Locator("#table-totals")).ToContainTextAsync("3 queued", new() { Timeout = Slow });
        await Screenshots.SaveAsync(page, "10-processing-paused");

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume processing" }).ClickAsync();
        await Expect(page.Locator("#paused-banner")).ToBeHiddenAsync();
        await Expect(page.Locator("#processing-state")).ToHaveTextAsync("RUNNING");
        foreach (var id in ids) (await http.WaitForEndAsync(id)).State.ShouldBe(JobState.Completed);
    }
}
