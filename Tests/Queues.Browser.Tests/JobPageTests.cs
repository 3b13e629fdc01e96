using Microsoft.Playwright;
using Queues.Browser.Tests.Support;
using Queues.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Queues.Browser.Tests;

/// <summary>A job's page, opened from its row: its timeline, its images and its trace.</summary>
[Collection(DashboardCollection.Name)]
public sealed class JobPageTests(DashboardFixture fixture)
{
    [Fact(Timeout = 180_000)]
    public async Task Opening_a_completed_job_shows_its_timeline_from_acceptance_to_announcement_with_before_and_after()
    {
        var page = await fixture.OpenDashboardAsync();
        var name = $"story-{Guid.NewGuid().ToString("N")[..6]}.jpg";
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "image/jpeg", Buffer = TestImages.Jpeg(800, 600) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        var row = page.Locator("#jobs tbody tr", new() { HasText = name });
        await Expect(row.Locator(".state")).ToHaveTextAsync("Completed");

        await row.Locator("button.id").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        // The page reads the job again while open: the announcement arrives after the row showed Completed.
        await Expect(dialog.Locator("table.timeline tr[data-kind='announced']")).ToBeVisibleAsync();
        await Expect(dialog.Locator("table.timeline tbody tr").First).ToContainTextAsync("+0.000 s");
        await Expect(dialog.Locator("table.timeline tbody tr").First).ToContainTextAsync("accepted");
        await Expect(dialog.Locator("table.timeline tr[data-kind='delivered']")).ToContainTextAsync(fixture.App.WorkerId);
        await Expect(dialog.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Before of job") })).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("^After of job") })).ToBeVisibleAsync();
        await Expect(dialog.Locator(".job-summary")).ToContainTextAsync("trace ");
        await Screenshots.SaveAsync(page, "6-job-page");

        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
    }
}
