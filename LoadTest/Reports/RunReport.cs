using Queues.LoadTest.Results;

namespace Queues.LoadTest.Reports;

/// <summary>Everything a run leaves behind, named SCENARIO-yyyyMMdd-HHmmss.*: JSON, CSVs, Markdown and its two plots.</summary>
public static class RunReport
{
    public static IReadOnlyList<string> Write(string folder, RunResult result, IReadOnlyList<JobRecord> records)
    {
        var name = $"{result.Scenario}-{result.StartedAtUtc:yyyyMMdd-HHmmss}";
        var files = ResultFiles.Write(folder, name, result, records).ToList();
        var latency = Path.Combine(folder, name + ".latency.png");
        var throughput = Path.Combine(folder, name + ".throughput.png");
        Plots.Latency(result, records, latency);
        Plots.Throughput(result, throughput);
        files.AddRange([MarkdownReport.Write(folder, name, result, latency, throughput), latency, throughput]);
        return files;
    }
}
