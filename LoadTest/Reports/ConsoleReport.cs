using Queues.LoadTest.Results;
using Spectre.Console;

namespace Queues.LoadTest.Reports;

/// <summary>The summary table printed at the end of a run.</summary>
public static class ConsoleReport
{
    public static void Print(RunResult r, IEnumerable<string> files)
    {
        AnsiConsole.Write(new Rule($"{Markup.Escape(r.Label)}: {Markup.Escape(r.Command)}").LeftJustified());
        var counts = new Table().AddColumns("requests", "", "jobs", "");
        counts.AddRow("planned", $"{r.Requests.Planned}", "completed", $"{r.Jobs.Completed}");
        counts.AddRow("sent", $"{r.Requests.Sent}", "failed", $"{r.Jobs.Failed}");
        counts.AddRow("accepted", $"{r.Requests.Accepted}", "lost (deadline)", $"{r.Jobs.Lost}");
        counts.AddRow("rejected", $"{r.Requests.Rejected}", "throughput", $"{r.ThroughputPerSecond:0.##} jobs/s");
        counts.AddRow("by status", Markup.Escape(string.Join(", ", r.Requests.ByStatus.Select(kv => $"{kv.Key}: {kv.Value}"))),
            "peak in progress", $"{r.PeakOutstanding}" + (r.PeakQueueDepth is { } q ? $" (queue {q})" : ""));
        AnsiConsole.Write(counts);

        var latency = new Table().AddColumns("latency (ms)", "n", "p50", "p90", "p95", "p99", "max");
        foreach (var (name, s) in Rows(r))
            latency.AddRow(name, $"{s.Count}", $"{s.P50}", $"{s.P90}", $"{s.P95}", $"{s.P99}", $"{s.Max}");
        AnsiConsole.Write(latency);
        AnsiConsole.MarkupLine($"completion seen by [bold]{r.CompletionSource}[/]{Markup.Escape(WatchText(r))}; max scheduler lag {r.MaxSchedulerLagMs} ms; {r.DurationSeconds} s");
        foreach (var file in files) AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(file)}[/]");
    }

    /// <summary>", 0 polls (0 job reads, 0 page reads), 1 timing read, 0 stream drops": what watching cost the API.</summary>
    public static string WatchText(RunResult r) => r.Watch is not { } w ? "" :
        $", {Count(w.Polls, "poll")} ({Count(w.JobPolls, "job read")}, {Count(w.PagePolls, "page read")}), "
        + $"{Count(w.TimingReads, "timing read")}, {Count(w.StreamDrops, "stream drop")}";

    static string Count(int n, string what) => $"{n} {what}{(n == 1 ? "" : "s")}";

    public static IEnumerable<(string Name, LatencyStats Stats)> Rows(RunResult r) =>
    [
        ("upload (POST /jobs)", r.Upload),
        ("end to end, client (upload start → seen Completed)", r.EndToEnd),
        ("end to end, server (queued → finished)", r.ServerEndToEnd),
        ("processing (worker pipeline)", r.Processing),
    ];
}
