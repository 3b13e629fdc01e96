using System.Globalization;
using System.Text.RegularExpressions;

namespace Queues.EndToEnd.Tests;

/// <summary>A counter read from a service's Prometheus /metrics, summed over its labels; 0 before its first measurement.</summary>
public static class MetricsText
{
    public static async Task<long> CounterAsync(this HttpClient service, string name)
    {
        var text = await service.GetStringAsync("metrics");
        return Regex.Matches(text, $@"^{Regex.Escape(name)}\{{[^}}]*\}} (\d+)", RegexOptions.Multiline)
            .Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }
}
