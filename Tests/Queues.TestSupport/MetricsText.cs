using System.Globalization;

namespace Queues.Tests.Support;

/// <summary>Reads samples out of a Prometheus text exposition, enough for assertions.</summary>
public static class MetricsText
{
    /// <summary>Sum of the samples of <paramref name="name"/> whose label set contains every one of <paramref name="labels"/> (e.g. worker="w1").</summary>
    public static double Sum(string metrics, string name, params string[] labels) =>
        Samples(metrics, name, labels).Sum();

    public static IEnumerable<double> Samples(string metrics, string name, params string[] labels) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith(name + "{") || l.StartsWith(name + " "))
            .Where(l => labels.All(l.Contains))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
