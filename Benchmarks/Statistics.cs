namespace Queues.Benchmarks;

static class Statistics
{
    /// <summary>The median: what a noisy, shared machine lets through of a typical round.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
