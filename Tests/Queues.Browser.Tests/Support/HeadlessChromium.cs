using Microsoft.Playwright;

namespace Queues.Browser.Tests.Support;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (which never downloads a browser here); pages sized like a
/// projector, every wait bounded. The browser tests and the distributed dashboard test share it.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"];

    readonly IPlaywright playwright;
    readonly IBrowser browser;

    HeadlessChromium(IPlaywright playwright, IBrowser browser) => (this.playwright, this.browser) = (playwright, browser);

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/install-test-deps.sh (it installs Debian's chromium).");
        var playwright = await Playwright.CreateAsync();
        // A non-persistent launch gets a fresh temporary profile (user-data-dir), removed on close.
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs, Timeout = 30_000 });
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>A new page on <paramref name="path"/> of <paramref name="app"/>, in a fresh context.</summary>
    public async Task<IPage> OpenAsync(Uri app, string path)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = app.ToString(), ViewportSize = new() { Width = 1600, Height = 1000 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
    }
}
