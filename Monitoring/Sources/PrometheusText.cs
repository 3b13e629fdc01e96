using System.Globalization;
using System.Text;

namespace Queues.Monitoring.Sources;

public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// The Prometheus text exposition format (what /metrics answers), read into samples. Only what the tool needs:
/// sample lines with labels and a value; comments, HELP/TYPE lines and timestamps are skipped.
/// </summary>
public static class PrometheusText
{
    public static IReadOnlyList<MetricSample> Parse(string text)
    {
        var samples = new List<MetricSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (TryParseLine(line, out var sample)) samples.Add(sample);
        }
        return samples;
    }

    static bool TryParseLine(string line, out MetricSample sample)
    {
        sample = null!;
        var labels = new Dictionary<string, string>();
        var nameEnd = line.IndexOfAny(['{', ' ']);
        if (nameEnd <= 0) return false;
        var name = line[..nameEnd];
        var i = nameEnd;
        if (line[i] == '{' && !TryParseLabels(line, ref i, labels)) return false;

        // The value, then an optional timestamp.
        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length == 0 || !TryParseValue(rest[0], out var value)) return false;
        sample = new MetricSample(name, labels, value);
        return true;
    }

    /// <summary>{a="x",b="y \"quoted\""}: values may contain escaped quotes, backslashes and newlines.</summary>
    static bool TryParseLabels(string line, ref int i, Dictionary<string, string> labels)
    {
        i++; // past '{'
        while (i < line.Length && line[i] != '}')
        {
            if (line[i] is ',' or ' ') { i++; continue; }
            var eq = line.IndexOf('=', i);
            if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"') return false;
            var key = line[i..eq].Trim();
            var value = new StringBuilder();
            i = eq + 2;
            for (; i < line.Length && line[i] != '"'; i++)
            {
                if (line[i] == '\\' && i + 1 < line.Length)
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else value.Append(line[i]);
            }
            if (i >= line.Length) return false;
            labels[key] = value.ToString();
            i++; // past the closing quote
        }
        if (i >= line.Length) return false;
        i++; // past '}'
        return true;
    }

    static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf": value = double.PositiveInfinity; return true;
            case "-Inf": value = double.NegativeInfinity; return true;
            case "NaN": value = double.NaN; return true;
            default: return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}

/// <summary>Samples from one scrape, looked up by name and labels.</summary>
public sealed class MetricSet(IReadOnlyList<MetricSample> samples)
{
    public IReadOnlyList<MetricSample> Samples => samples;

    public static MetricSet Parse(string text) => new(PrometheusText.Parse(text));

    /// <summary>Samples named <paramref name="name"/> having every label given as "key=value".</summary>
    public IEnumerable<MetricSample> Where(string name, params string[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l =>
        {
            var eq = l.IndexOf('=');
            return s.Labels.TryGetValue(l[..eq], out var v) && v == l[(eq + 1)..];
        }));

    /// <summary>The sum of the matching samples, or null when there is none (not the same as zero).</summary>
    public double? Sum(string name, params string[] labels)
    {
        var matching = Where(name, labels).ToList();
        return matching.Count == 0 ? null : matching.Sum(s => s.Value);
    }
}
