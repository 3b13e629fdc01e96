using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Queues.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Queues.EndToEnd.Tests;

/// <summary>The dashboard's Lab panel in headless Chromium, clicking the controller's buttons against real processes.</summary>
[Collection(LabCollection.Name)]
public sealed class LabPanelTests(LabSystem lab)
{
    [Fact(Timeout = 240_000)]
    public async Task The_Lab_panel_sends_poison_and_stops_and_starts_storage_showing_each_answer()
    {
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.OpenAsync(lab.Api.BaseAddress!, "/");
        var panel = page.Locator("#lab");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(page.Locator("#lab-state")).ToContainTextAsync("storage UP");
        var answer = page.Locator("#lab-answer");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send poison", Exact = true }).ClickAsync();
        await Expect(answer).ToContainTextAsync(new Regex("^Poison sent: .* ended Failed .*corrupted.jpg refused with 415"), new() { Timeout = 90_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Stop storage", Exact = true }).ClickAsync();
        await Expect(answer).ToHaveTextAsync("storage stopped", new() { Timeout = 60_000 });
        await Expect(page.Locator("#lab-state")).ToContainTextAsync("storage DOWN");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start storage", Exact = true }).ClickAsync();
        await Expect(answer).ToHaveTextAsync("storage started", new() { Timeout = 60_000 });
    }
}
