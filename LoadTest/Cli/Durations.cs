using System.Globalization;

namespace Queues.LoadTest.Cli;

public static class Durations
{
    /// <summary>30 (seconds), 30s, 500ms, 2m, 1h.</summary>
    /// <exception cref="ArgumentException">Not a duration.</exception>
    public static TimeSpan Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        var (number, unit) = t.EndsWith("ms") ? (t[..^2], TimeSpan.FromMilliseconds(1))
            : t.EndsWith('s') ? (t[..^1], TimeSpan.FromSeconds(1))
            : t.EndsWith('m') ? (t[..^1], TimeSpan.FromMinutes(1))
            : t.EndsWith('h') ? (t[..^1], TimeSpan.FromHours(1))
            : (t, TimeSpan.FromSeconds(1));
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? unit * value
            : throw new ArgumentException($"'{text}' is not a duration: 30, 30s, 500ms, 2m or 1h");
    }
}
