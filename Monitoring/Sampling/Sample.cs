namespace Queues.Monitoring.Sampling;

/// <summary>A column of the live table and the CSV: its CSV name, its header on screen, and how to show a value.</summary>
public sealed record Column(string Name, string Header, string Format = "0");

/// <summary>One reading: values in the sampler's column order, null where unknown. <see cref="Problem"/> is set when the source could not be read.</summary>
public sealed record Sample(DateTime At, IReadOnlyList<double?> Values, string? Problem = null)
{
    public static Sample Unavailable(DateTime at, int columns, string problem) => new(at, new double?[columns], problem);
}

/// <summary>What a view reads every interval.</summary>
public interface ISampler
{
    string Title { get; }
    IReadOnlyList<Column> Columns { get; }
    /// <summary>Plotted on the left axis (messages) and the right axis (per second).</summary>
    IReadOnlyList<string> DepthColumns { get; }
    IReadOnlyList<string> RateColumns { get; }
    /// <summary>Throws <see cref="Sources.SourceUnavailableException"/> when the source cannot be read.</summary>
    Task<IReadOnlyList<double?>> ReadAsync(DateTime at, CancellationToken cancellationToken);

    /// <summary>More to show under the live table, from the last reading; null for nothing.</summary>
    Spectre.Console.Rendering.IRenderable? Detail() => null;
}

/// <summary>Per-second rate of a counter between two readings; null on the first reading and after a reset (a restarted service).</summary>
public sealed class CounterRate
{
    double? last;
    DateTime lastAt;

    public double? Next(double? value, DateTime at)
    {
        double? rate = null;
        if (value is { } v && last is { } l && v >= l && at > lastAt) rate = Math.Round((v - l) / (at - lastAt).TotalSeconds, 3);
        last = value;
        lastAt = at;
        return rate;
    }
}
