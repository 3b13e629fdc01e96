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
        };
        foreach (var (key, value) in RunLocal.PrivateEnvironment(run))
            start.Environment[key] = value;
        start.Environment["N"] = "10";
        start.Environment["OUT"] = Path.Combine(run, "results");
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
