using System.Globalization;

namespace Queues.LoadTest.Cli;

/// <summary><c>--name value</c> pairs and <c>--flag</c>s; an option nobody asked for is an error, not silence.</summary>
public sealed class Options
{
    readonly Dictionary<string, string?> values = new(StringComparer.OrdinalIgnoreCase);
    readonly HashSet<string> used = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Positional { get; } = [];

    public static Options Read(IEnumerable<string> args)
    {
        var options = new Options();
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null) options.values[pending] = null;
                pending = arg[2..];
                var eq = pending.IndexOf('=');
                if (eq > 0) (options.values[pending[..eq]], pending) = (pending[(eq + 1)..], null);
            }
            else if (pending is not null) (options.values[pending], pending) = (arg, null);
            else options.Positional.Add(arg);
        }
        if (pending is not null) options.values[pending] = null;
        return options;
    }

    public string? Text(string name)
    {
        used.Add(name);
        return values.TryGetValue(name, out var v) ? v ?? throw new ArgumentException($"--{name} needs a value") : null;
    }

    public bool Flag(string name)
    {
        used.Add(name);
        return values.ContainsKey(name);
    }

    public int Int(string name, int fallback) => Text(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => Text(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public TimeSpan Duration(string name, TimeSpan fallback) => Text(name) is { } v ? ParseDuration(v) : fallback;

    public void ThrowIfUnused()
    {
        var unknown = values.Keys.Where(k => !used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException("unknown option: --" + string.Join(", --", unknown));
        if (Positional.Count > 0) throw new ArgumentException("unexpected argument: " + string.Join(' ', Positional));
    }

    public static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        double Number(int suffix) => double.Parse(t[..^suffix], CultureInfo.InvariantCulture);
        return t.EndsWith("ms") ? TimeSpan.FromMilliseconds(Number(2))
            : t.EndsWith('s') ? TimeSpan.FromSeconds(Number(1))
            : t.EndsWith('m') ? TimeSpan.FromMinutes(Number(1))
            : t.EndsWith('h') ? TimeSpan.FromHours(Number(1))
            : TimeSpan.FromSeconds(double.Parse(t, CultureInfo.InvariantCulture));
    }
}
