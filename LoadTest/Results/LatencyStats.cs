using HdrHistogram;

namespace Queues.LoadTest.Results;

/// <summary>Percentiles of a set of latencies, recorded in microseconds with 3 significant digits (HdrHistogram).</summary>
public sealed record LatencyStats(long Count, double P50, double P90, double P95, double P99, double Max, double Mean)
{
    public static readonly LatencyStats Empty = new(0, 0, 0, 0, 0, 0, 0);

    public static LatencyStats From(IEnumerable<double> milliseconds)
    {
        // Up to an hour; anything longer is a broken run, clamped rather than thrown away.
        var histogram = new LongHistogram(1, 3_600_000_000, 3);
        foreach (var ms in milliseconds) histogram.RecordValue(Math.Clamp((long)Math.Round(ms * 1000), 1, 3_600_000_000));
        if (histogram.TotalCount == 0) return Empty;
        return new(histogram.TotalCount, At(histogram, 50), At(histogram, 90), At(histogram, 95), At(histogram, 99),
            Math.Round(histogram.GetMaxValue() / 1000.0, 1), Math.Round(histogram.GetMean() / 1000.0, 1));
    }

    static double At(HistogramBase histogram, double percentile) =>
        Math.Round(histogram.GetValueAtPercentile(percentile) / 1000.0, 1);
}
