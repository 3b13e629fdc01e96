using Microsoft.Playwright;

namespace Queues.Browser.Tests.Support;

/// <summary>Full-page screenshots of key states, kept as test artifacts in .artifacts/screenshots (gitignored).</summary>
public static class Screenshots
{
    static readonly string Folder = Path.Combine(RepositoryRoot(), ".artifacts", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, name + ".png"), FullPage = true });
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Queues.sln"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }
}
