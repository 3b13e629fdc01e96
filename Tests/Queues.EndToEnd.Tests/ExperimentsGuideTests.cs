using System.Diagnostics;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// Runs every lab command block of EXPERIMENTS.md, in order, as an instructor would, with small counts and on
/// ports of its own: a guide whose commands break fails the build.
/// </summary>
public sealed class ExperimentsGuideTests
{
    [Fact]
    public async Task Every_lab_command_in_the_guide_runs()
    {
        var root = DistributedSystem.RepoRoot;
        var run = Directory.CreateTempSubdirectory("queues-lab-").FullName;
        var log = Path.Combine(root, ".artifacts", "experiments.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "run-experiments.sh"), "EXPERIMENTS.md"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["N"] = "10",
                ["OUT"] = Path.Combine(run, "results"),
                ["QUEUES_RUN_DIR"] = run,
                ["QUEUES_SKIP_BUILD"] = "1",
                ["BUILD_CONFIGURATION"] = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug",
                ["API_PORT"] = $"{DistributedSystem.FreePort()}",
                ["NOTIFIER_PORT"] = $"{DistributedSystem.FreePort()}",
                ["WORKER_BASE_PORT"] = $"{DistributedSystem.FreePort()}",
                ["RABBITMQ_PORT"] = $"{DistributedSystem.FreePort()}",
                ["RABBITMQ_MANAGEMENT_PORT"] = $"{DistributedSystem.FreePort()}",
                ["RABBITMQ_DIST_PORT"] = $"{DistributedSystem.FreePort()}",
                ["S3_PORT"] = $"{DistributedSystem.FreePort()}",
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        finally
        {
            await File.WriteAllTextAsync(log, await output + "\n--- stderr ---\n" + await error);
            try { Directory.Delete(run, recursive: true); } catch (IOException) { }
        }

        var text = await File.ReadAllTextAsync(log);
        process.ExitCode.ShouldBe(0, $"a lab block failed; the last lines of {log}:\n{string.Join('\n', text.Split('\n').TakeLast(40))}");
        text.ShouldContain("### all lab blocks passed");
    }
}
