using System.Text.Json;

namespace Queues.Monitoring.Sources;

public sealed record LatencyPercentiles(double P50, double P95, double P99);

/// <summary>The parts of the notifier's GET /stats the performance view shows (see Notifier/PipelineStats.cs).</summary>
public sealed record PipelineStatsView(long Completed, long Failed, double ThroughputLastMinute,
    LatencyPercentiles ProcessingMs, LatencyPercentiles EndToEndMs, IReadOnlyDictionary<string, long> FailedByReason)
{
    public static PipelineStatsView Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new PipelineStatsView(
            root.GetProperty("completed").GetInt64(), root.GetProperty("failed").GetInt64(),
            root.GetProperty("throughputPerSecondLastMinute").GetDouble(),
            Percentiles(root.GetProperty("processingMs")), Percentiles(root.GetProperty("endToEndMs")),
            root.TryGetProperty("failedByReason", out var f) ? f.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()) : []);
    }

    static LatencyPercentiles Percentiles(JsonElement e) =>
        new(e.GetProperty("p50").GetDouble(), e.GetProperty("p95").GetDouble(), e.GetProperty("p99").GetDouble());
}
