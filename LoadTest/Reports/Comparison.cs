using System.Text;
using Queues.LoadTest.Results;
using Spectre.Console;

namespace Queues.LoadTest.Reports;

/// <summary><c>analyze</c>: several result files in one table and one plot (e.g. runs with 1, 2 and 3 workers).</summary>
public static class Comparison
{
    static readonly string[] Columns =
        ["run", "scenario", "completed", "failed", "lost", "rejected", "jobs/s", "upload p50", "upload p99", "e2e p50", "e2e p90", "e2e p99", "e2e max", "peak queue"];

    public static IReadOnlyList<string> Write(IReadOnlyList<string> files, string folder, string? title = null)
    {
        var runs = files.Select(ResultFiles.Read).ToList();
        var rows = runs.Select(Row).ToList();

        var table = new Table().AddColumns(Columns);
        foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);

        Directory.CreateDirectory(folder);
        var png = Path.Combine(folder, "compare.png");
        Plots.Compare(runs, png, title);
        var md = new StringBuilder("# Load test runs compared\n\n");
        md.AppendLine("| " + string.Join(" | ", Columns) + " |").AppendLine("|" + string.Join("|", Columns.Select(_ => " --- ")) + "|");
        foreach (var row in rows) md.AppendLine("| " + string.Join(" | ", row) + " |");
        md.AppendLine().AppendLine("Latencies in milliseconds; e2e = upload start → Completed, seen by the client.").AppendLine();
        foreach (var (run, file) in runs.Zip(files)) md.AppendLine($"- {run.Label}: `{run.Command}` ({Path.GetFileName(file)}, {run.StartedAtUtc:yyyy-MM-dd HH:mm} UTC)");
        md.AppendLine().AppendLine("![runs compared](compare.png)");
        var report = Path.Combine(folder, "compare.md");
        File.WriteAllText(report, md.ToString());
        return [report, png];
    }

    static string[] Row(RunResult r) =>
    [
        r.Label, r.Scenario, $"{r.Jobs.Completed}", $"{r.Jobs.Failed}", $"{r.Jobs.Lost}", $"{r.Requests.Rejected}",
        $"{r.ThroughputPerSecond}", $"{r.Upload.P50}", $"{r.Upload.P99}", $"{r.EndToEnd.P50}", $"{r.EndToEnd.P90}",
        $"{r.EndToEnd.P99}", $"{r.EndToEnd.Max}", r.PeakQueueDepth?.ToString() ?? "-",
    ];
}
