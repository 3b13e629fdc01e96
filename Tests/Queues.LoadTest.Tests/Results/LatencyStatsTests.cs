using Queues.LoadTest.Results;

namespace Queues.LoadTest.Tests.Results;

public sealed class LatencyStatsTests
{
    [Fact]
    public void Percentiles_of_a_uniform_distribution_are_where_they_must_be()
    {
        // 1, 2, …, 10000 ms: the p-th percentile is p × 100 ms.
        var stats = LatencyStats.From(Enumerable.Range(1, 10_000).Select(i => (double)i));

        stats.Count.ShouldBe(10_000);
        stats.P50.ShouldBe(5_000, tolerance: 5); // HdrHistogram keeps 3 significant digits: ±0.1 %
        stats.P90.ShouldBe(9_000, tolerance: 9);
        stats.P95.ShouldBe(9_500, tolerance: 10);
        stats.P99.ShouldBe(9_900, tolerance: 10);
        stats.Max.ShouldBe(10_000, tolerance: 10);
        stats.Mean.ShouldBe(5_000.5, tolerance: 5);
    }

    [Fact]
    public void Percentiles_of_an_exponential_distribution_match_its_quantile_function()
    {
        // Evenly spaced quantiles of an exponential with mean 40 ms: the p-quantile is −40 ln(1 − p).
        const int n = 100_000;
        const double mean = 40;
        var stats = LatencyStats.From(Enumerable.Range(0, n).Select(i => -mean * Math.Log(1 - (i + 0.5) / n)));

        foreach (var (p, actual) in new[] { (0.50, stats.P50), (0.90, stats.P90), (0.95, stats.P95), (0.99, stats.P99) })
            actual.ShouldBe(-mean * Math.Log(1 - p), tolerance: -mean * Math.Log(1 - p) * 0.005 + 0.1, $"p{p * 100}");
        stats.Mean.ShouldBe(mean, tolerance: 0.5);
    }

    [Fact]
    public void Sub_millisecond_latencies_are_kept_to_a_tenth_of_a_millisecond()
    {
        var stats = LatencyStats.From([0.42, 0.42, 0.42, 0.42]);
        stats.P50.ShouldBe(0.4);
        stats.Count.ShouldBe(4);
    }

    [Fact]
    public void No_samples_give_zeros_rather_than_an_error() =>
        LatencyStats.From([]).ShouldBe(LatencyStats.Empty);
}
