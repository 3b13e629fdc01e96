using Microsoft.Playwright;
using Queues.Tests.Support;

namespace Queues.Browser.Tests.Support;

/// <summary>
/// The real app on real Kestrel (loopback, an ephemeral port) and one headless Debian Chromium, shared by the
/// browser tests and stopped after them. Playwright drives the installed browser; it never downloads one.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"];

    IPlaywright? playwright;
    IBrowser? browser;

    public StandaloneApp App { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.Exists(ChromiumPath).ShouldBeTrue($"{ChromiumPath} is missing: run scripts/install-test-deps.sh (it installs Debian's chromium).");
        App.UseKestrel(0);
        App.StartServer();
        BaseAddress = App.CreateClient().BaseAddress!;

        playwright = await Playwright.CreateAsync();
        // A non-persistent launch gets a fresh temporary profile (user-data-dir), removed on close.
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 30_000,
        });
    }

    /// <summary>A new page on the dashboard (of this app, or of another), in a fresh context sized like a projector, with every wait bounded.</summary>
    public async Task<IPage> OpenDashboardAsync(Uri? app = null)
    {
        var page = await OpenAsync("/", app);
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("Live");
        return page;
    }

    /// <summary>A new page on <paramref name="path"/>, in a fresh context sized like a projector, with every wait bounded.</summary>
    public async Task<IPage> OpenAsync(string path, Uri? app = null)
    {
        var context = await browser!.NewContextAsync(new()
        {
            BaseURL = (app ?? BaseAddress).ToString(),
            ViewportSize = new() { Width = 1600, Height = 1000 },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
