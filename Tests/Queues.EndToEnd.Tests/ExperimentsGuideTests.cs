using System.Diagnostics;
using Xunit.Abstractions;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// Runs every lab command block of EXPERIMENTS.md, in order, as an instructor would, with small counts and on
/// ports of its own: a guide whose commands break fails the build. That includes the second part's restarts:
/// two Api replicas behind nginx on PostgreSQL, and a 3-node RabbitMQ cluster, each on free ports too. The time
/// each section of the guide took is written to the test output (the guide's timetable is measured so).
/// </summary>
public sealed class ExperimentsGuideTests(ITestOutputHelper testOutput)
{
    [Fact]
    public async Task Every_lab_command_in_the_guide_runs()
    {
        var root = DistributedSystem.RepoRoot;
        var run = Directory.CreateTempSubdirectory("queues-lab-").FullName;
        // rwxr-xr-x: part 2 runs PostgreSQL (initdb as the postgres user) and nginx (as www-data) in folders under it.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(run, (UnixFileMode)0b111_101_101);
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
                ["API_PORT"] = $"{FreePorts.Next()}",
                ["NOTIFIER_PORT"] = $"{FreePorts.Next()}",
                ["WORKER_BASE_PORT"] = $"{FreePorts.Next()}",
                ["RABBITMQ_PORT"] = $"{FreePorts.Next()}",
                ["RABBITMQ_MANAGEMENT_PORT"] = $"{FreePorts.Next()}",
                ["RABBITMQ_DIST_PORT"] = $"{FreePorts.Next()}",
                ["EPMD_PORT"] = $"{FreePorts.Next()}", // not the unchecked default, the distribution port + 1
                ["S3_PORT"] = $"{FreePorts.Next()}",
                // Part 2: scripts/run-local.sh --replicas 2 (replicas on REPLICA_BASE_PORT+1 and +2, PostgreSQL) and --cluster.
                ["REPLICA_BASE_PORT"] = $"{FreePorts.Next()}",
                ["PG_PORT"] = $"{FreePorts.Next()}",
                ["CLUSTER_AMQP_PORTS"] = FreePorts.List(3),
                ["CLUSTER_MANAGEMENT_PORTS"] = FreePorts.List(3),
                ["CLUSTER_DIST_PORTS"] = FreePorts.List(3),
                ["CLUSTER_EPMD_PORT"] = $"{FreePorts.Next()}",
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30));
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
        foreach (var line in text.Split('\n').SkipWhile(l => !l.StartsWith("### time per section")).TakeWhile(l => !l.StartsWith("### cleanup")))
            testOutput.WriteLine(line);
        process.ExitCode.ShouldBe(0, $"a lab block failed; the last lines of {log}:\n{string.Join('\n', text.Split('\n').TakeLast(40))}");
        text.ShouldContain("### all lab blocks passed");
    }
}
