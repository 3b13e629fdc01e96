using System.Text;
using Queues.LoadTest.Results;

namespace Queues.LoadTest.Reports;

/// <summary>NAME.md beside the result files, with the two plots.</summary>
public static class MarkdownReport
{
    public static string Write(string folder, string name, RunResult r, string latencyPng, string throughputPng)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Load test: {r.Label}").AppendLine();
        md.AppendLine($"- command: `{r.Command}`");
        md.AppendLine($"- started: {r.StartedAtUtc:yyyy-MM-dd HH:mm:ss} UTC, {r.DurationSeconds} s, against {r.Url}");
        md.AppendLine($"- images: {r.Images}; operations: {r.Operations ?? "(the API's default)"}");
        md.AppendLine($"- completion seen by: {r.CompletionSource}{ConsoleReport.WatchText(r)}; max scheduler lag: {r.MaxSchedulerLagMs} ms").AppendLine();

        md.AppendLine("| requests | | jobs | |").AppendLine("| --- | ---: | --- | ---: |");
        md.AppendLine($"| planned | {r.Requests.Planned} | completed | {r.Jobs.Completed} |");
        md.AppendLine($"| sent | {r.Requests.Sent} | failed | {r.Jobs.Failed} |");
        md.AppendLine($"| accepted (202) | {r.Requests.Accepted} | lost (not finished by the deadline) | {r.Jobs.Lost} |");
        md.AppendLine($"| rejected | {r.Requests.Rejected} | throughput | {r.ThroughputPerSecond} jobs/s |");
        md.AppendLine($"| by status | {string.Join(", ", r.Requests.ByStatus.Select(kv => $"{kv.Key}: {kv.Value}"))} | peak in progress | {r.PeakOutstanding} |");
        if (r.PeakQueueDepth is { } depth) md.AppendLine($"| | | peak queue depth | {depth} |");
        md.AppendLine();

        md.AppendLine("| latency (ms) | n | p50 | p90 | p95 | p99 | max |").AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (label, s) in ConsoleReport.Rows(r))
            md.AppendLine($"| {label} | {s.Count} | {s.P50} | {s.P90} | {s.P95} | {s.P99} | {s.Max} |");
        md.AppendLine();
        md.AppendLine("Upload: the POST /jobs answer time. End to end (client): from the start of the upload until this tool saw the job "
            + "Completed, which includes the upload and up to one polling interval. End to end (server): the job's own `endToEndMs`, "
            + "queued → finished. Throughput: completed jobs ÷ (last completion − first upload).").AppendLine();
        md.AppendLine($"![latency over time]({Path.GetFileName(latencyPng)})").AppendLine();
        md.AppendLine($"![throughput over time]({Path.GetFileName(throughputPng)})");

        var path = Path.Combine(folder, name + ".md");
        File.WriteAllText(path, md.ToString());
        return path;
    }
}
