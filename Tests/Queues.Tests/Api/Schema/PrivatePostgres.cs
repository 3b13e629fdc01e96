using System.Diagnostics;
using Queues.Tests.Support;

namespace Queues.Tests.Api.Schema;

/// <summary>
/// A private PostgreSQL server, started by the app host alone (<c>scripts/run-local.sh --postgres-only</c>) in a temporary
/// folder on a free loopback port.
/// Fails, never skips, where PostgreSQL is missing: the test command (test.sh → install-test-deps.sh) installs it.
/// </summary>
public sealed class PrivatePostgres : IAsyncLifetime
{
    readonly TempFolder folder = new();
    public int Port { get; } = FreePorts.Next();

    /// <summary>A new database per caller: the app (or the old model) creates it on first use.</summary>
    public string NewDatabase() =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=queues_{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        // The server runs as the postgres user, which must reach the data folder inside this root-owned one.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder.Path, (UnixFileMode)0b111_101_101);
        await ScriptAsync("--postgres-only");
    }

    public async Task DisposeAsync()
    {
        await ScriptAsync("stop");
        folder.Dispose();
    }

    async Task ScriptAsync(string command)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Repo.Root, "scripts", "run-local.sh"), command])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            Environment =
            {
                ["QUEUES_RUN_DIR"] = folder.Path, ["PG_PORT"] = Port.ToString(), ["CONTROL_PORT"] = FreePorts.Next().ToString(),
                ["QUEUES_SKIP_BUILD"] = "1", ["BUILD_CONFIGURATION"] = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug",
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.ShouldBe(0, $"scripts/run-local.sh {command}:\n{await output}{await errors}");
    }

}

static class Repo
{
    /// <summary>The checkout's root (where Queues.sln is), found from the test's output folder.</summary>
    public static string Root { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Queues.sln"))) return dir.FullName;
        throw new InvalidOperationException("Queues.sln not found above " + AppContext.BaseDirectory);
    }
}
