using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Queues.Tests.Support;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// The README's first command as a person runs it: the standalone app as a real process, stopped while it works
/// (Ctrl+C is SIGTERM to the app; a crash is SIGKILL) and started again on the same data folder. The in-memory
/// bus loses its messages with the process; nothing accepted may be lost with them.
/// </summary>
public sealed partial class StandaloneRestartTests : IDisposable
{
    const int Jobs = 50;
    readonly string data = Directory.CreateTempSubdirectory("queues-standalone-").FullName;
    readonly string logs = Path.Combine(DistributedSystem.RepoRoot, ".artifacts", "e2e-logs", "standalone-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss"));
    readonly int port = FreePorts.Next();

    public StandaloneRestartTests() => Directory.CreateDirectory(logs);

    /// <summary>A graceful stop finishes and records what is in flight, so no job runs or is counted twice.</summary>
    [Fact]
    public Task Every_job_completes_once_after_a_SIGTERM_mid_run_and_a_restart() =>
        StopMidRunAndRestart(app => app.Terminate(), "sigterm", mayMissCounts: false);

    /// <summary>
    /// A crash can take a job whose result was stored before its row said so: that job runs again, yet its completion
    /// is counted at most once, since the notifier counts the Api's one announcement per job, not the worker's events.
    /// The crash may take announcements still in the in-memory bus with it (counted zero times): that is said, not hidden.
    /// </summary>
    [Fact]
    public Task Every_job_completes_and_none_is_counted_twice_after_a_SIGKILL_mid_run_and_a_restart() =>
        StopMidRunAndRestart(app => app.Kill(), "sigkill", mayMissCounts: true);

    async Task StopMidRunAndRestart(Action<ServiceProcess> stop, string name, bool mayMissCounts)
    {
        List<Guid> ids;
        using (var first = Start($"{name}-first"))
        {
            await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            using var http = Client();
            using var batch = await http.PostAsync($"jobs/batch?count={Jobs}", null);
            batch.StatusCode.ShouldBe(HttpStatusCode.Accepted, await batch.Content.ReadAsStringAsync());
            ids = [.. (await batch.Content.ReadFromJsonAsync<Batch>())!.Ids];

            // Stop while it works: some jobs done, most not.
            await Eventually.Until(async () => await CompletedAsync(http, ids) >= 3, "three jobs to complete before the stop", TimeSpan.FromSeconds(60));
            stop(first);
            (await first.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue("the app to exit after the stop");
        }

        using var second = Start($"{name}-second");
        await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        using var client = Client();
        var jobs = await client.WaitForEndAsync(ids, TimeSpan.FromSeconds(120));

        jobs.Values.ShouldAllBe(j => j.State == "Completed", string.Join(", ", jobs.Values.Where(j => j.State != "Completed").Select(j => $"{j.Id} {j.State}")));
        // The notifier's completion line per job, over both runs together: once, or (after a crash) at most once.
        var completions = CompletionLines(Path.Combine(logs, $"{name}-first.log")).Concat(CompletionLines(Path.Combine(logs, $"{name}-second.log")))
            .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var counted = ids.ToDictionary(id => id, id => completions.GetValueOrDefault(id));
        var twice = counted.Count(c => c.Value > 1);
        var missed = counted.Count(c => c.Value == 0);
        Console.WriteLine($"{name}: {Jobs} accepted, {jobs.Values.Count(j => j.State == "Completed")} completed, "
            + $"{jobs.Values.Count(j => j.Attempts > 1)} started again after the restart, {twice} counted twice, {missed} not counted");
        counted.Values.ShouldAllBe(n => n == 1 || (mayMissCounts && n == 0), "completions counted per job: " + string.Join(", ", counted.Values.Order()));
    }

    ServiceProcess Start(string name)
    {
        var dll = Path.Combine(DistributedSystem.RepoRoot, "Api", "bin", DistributedSystem.Configuration, "net10.0", "Queues.Api.dll");
        return new ServiceProcess(name, dll, port, new Dictionary<string, string>
        {
            ["Storage__LocalPath"] = Path.Combine(data, "objects"),
            ["Database__ConnectionString"] = $"Data Source={Path.Combine(data, "queues.db")}",
            ["Worker__Concurrency"] = "2",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Queues"] = "Information",
        }, logs);
    }

    HttpClient Client() => new() { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };

    static async Task<int> CompletedAsync(HttpClient http, IEnumerable<Guid> ids)
    {
        var done = 0;
        foreach (var id in ids) if ((await http.GetJobAsync(id)).State == "Completed") done++;
        return done;
    }

    static IEnumerable<Guid> CompletionLines(string log) =>
        File.Exists(log) ? CompletionLine().Matches(File.ReadAllText(log)).Select(m => Guid.Parse(m.Groups[1].Value)) : [];

    [GeneratedRegex(@"Job ([0-9a-f-]{36}) completed by")]
    private static partial Regex CompletionLine();

    sealed record Batch(int Count, Guid[] Ids);

    public void Dispose()
    {
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
