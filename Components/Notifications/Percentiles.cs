namespace Queues.Components.Notifications;

public sealed record Percentiles(double P50, double P95, double P99, double Max)
{
    public static readonly Percentiles Empty = new(0, 0, 0, 0);

    /// <summary>Nearest-rank percentiles.</summary>
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return Empty;
        double Rank(double p) => Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 1);
        return new Percentiles(Rank(0.50), Rank(0.95), Rank(0.99), Math.Round(sorted[^1], 1));
    }
}
