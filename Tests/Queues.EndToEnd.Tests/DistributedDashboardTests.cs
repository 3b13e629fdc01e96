using Microsoft.Playwright;
using Queues.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// The dashboard as the distributed Api serves it (started from its project folder, as the app host
/// does), in headless Chromium: a photo uploaded from the page is processed by a worker process and shows Completed.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class DistributedDashboardTests(DistributedSystem system)
{
    [Fact(Timeout = 180_000)]
    public async Task The_distributed_Api_serves_the_dashboard_and_a_photo_uploaded_there_completes_on_a_worker()
    {
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(system.Api.BaseAddress, "/");
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Live");

        var name = $"distributed-{Guid.NewGuid().ToString("N")[..6]}.jpg";
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "image/jpeg", Buffer = JobsClient.Jpeg(1600, 1200) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();

        var row = page.Locator("#jobs tbody tr", new() { HasText = name });
        await Expect(row.Locator(".state")).ToHaveTextAsync("Completed", new() { Timeout = 120_000 });
        await Expect(row.Locator(".worker")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^e2e-worker-[12]$"));
        await Expect(row.GetByRole(AriaRole.Img, new() { Name = $"Result of {name}" })).ToBeVisibleAsync();
    }
}
