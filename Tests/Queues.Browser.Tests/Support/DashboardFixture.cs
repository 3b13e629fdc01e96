using Microsoft.Playwright;
using Queues.Tests.Support;

namespace Queues.Browser.Tests.Support;

/// <summary>
/// The real app on real Kestrel (loopback, an ephemeral port) and one <see cref="HeadlessChromium"/>, shared by the
/// browser tests and stopped after them.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    HeadlessChromium? chromium;

    public StandaloneApp App { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App.UseKestrel(0);
        App.StartServer();
        BaseAddress = App.CreateClient().BaseAddress!;

        chromium = await HeadlessChromium.LaunchAsync();
    }

    /// <summary>A new page on the dashboard (of this app, or of another), in a fresh context sized like a projector, with every wait bounded.</summary>
    public async Task<IPage> OpenDashboardAsync(Uri? app = null)
    {
        var page = await OpenAsync("/", app);
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("Live");
        return page;
    }

    /// <summary>A new page on <paramref name="path"/>, in a fresh context sized like a projector, with every wait bounded.</summary>
    public Task<IPage> OpenAsync(string path, Uri? app = null) => chromium!.OpenAsync(app ?? BaseAddress, path);

    public async Task DisposeAsync()
    {
        if (chromium is not null) await chromium.DisposeAsync();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
