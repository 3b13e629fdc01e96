using Microsoft.Playwright;
using Queues.Browser.Tests.Support;
using Queues.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Queues.Browser.Tests;

[Collection(DashboardCollection.Name)]
public sealed class ReconnectTests(DashboardFixture fixture)
{
    static StandaloneApp StartOn(int port)
    {
        var app = new StandaloneApp();
        app.UseKestrel(port);
        app.StartServer();
        return app;
    }

    [Fact(Timeout = 180_000)]
    public async Task The_page_reconnects_by_itself_when_the_API_restarts()
    {
        var port = FreePorts.Next();
        await using var first = StartOn(port);
        var address = first.CreateClient().BaseAddress!;
        var page = await fixture.OpenDashboardAsync(address);

        await first.DisposeAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Reconnecting…");
        await Expect(page.Locator("#activity")).ToContainTextAsync("Live updates lost");

        await using var second = StartOn(port);
        second.CreateClient().BaseAddress.ShouldBe(address);
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Live");
        await Expect(page.Locator("#activity")).ToContainTextAsync("Live updates reconnected");

        // The new stream carries the restarted API's changes: an upload moves through its states without a reload.
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "after-restart.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(400, 300) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await Expect(page.Locator("#jobs tbody tr", new() { HasText = "after-restart.jpg" }).Locator(".state")).ToHaveTextAsync("Completed");
        await Screenshots.SaveAsync(page, "5-reconnected-after-restart");
    }
}
