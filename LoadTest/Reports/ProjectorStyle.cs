using System.Globalization;
using ScottPlot;

// Compiled into both tools (LoadTest, and Monitoring by a linked file): one look for every plot the lab shows.
namespace Queues.Plotting;

/// <summary>Something that happened during a run (a worker killed, the broker stopped), drawn as a labelled vertical line.</summary>
public sealed record PlotMark(double Seconds, string Label);

/// <summary>
/// Plots that read on a projector from the back of a room: large title, axis labels and ticks, a thick legend, and
/// the run's events as dashed vertical lines. Every lab figure (EXPERIMENTS.md, docs/lab/) goes through here.
/// </summary>
public static class ProjectorStyle
{
    public const int Width = 1400, Height = 700;

    /// <summary>Title and fonts. The title should say what to look at, e.g. "Each burst lifts the queue; the workers drain it".</summary>
    public static void Apply(Plot plot, string title)
    {
        plot.Title(title);
        plot.Axes.Title.Label.FontSize = 28;
        plot.Axes.Title.Label.Bold = true;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontSize = 22;
            axis.Label.Bold = false;
            axis.TickLabelStyle.FontSize = 18;
        }
        plot.Legend.FontSize = 18;
    }

    /// <summary>
    /// Every quantity the lab plots (jobs, messages, rates, milliseconds) is at least 0: the vertical axes start at 0
    /// rather than a margin below it, so a bar or a line is read against zero. Call it last, once the data is in.
    /// </summary>
    public static void FromZero(Plot plot)
    {
        plot.Axes.AutoScale();
        foreach (var axis in new[] { plot.Axes.Left, plot.Axes.Right })
            if (axis.Max > 0) axis.Min = 0;
    }

    public static void Marks(Plot plot, IEnumerable<PlotMark>? marks)
    {
        var list = marks?.ToList() ?? [];
        // The labels sit above the data, below the title: room for them.
        if (list.Count > 0) plot.Axes.Top.MinimumSize = 45;
        foreach (var mark in list)
        {
            var line = plot.Add.VerticalLine(mark.Seconds, 3, Colors.Black, LinePattern.Dashed);
            line.LabelText = mark.Label;
            line.LabelFontSize = 18;
            line.LabelOppositeAxis = true;
        }
    }

    /// <summary>
    /// The events file the lab's scripts append to (<c>scripts/lab.sh mark FILE TEXT</c>): one line each, the Unix time
    /// in seconds (fractions allowed), a space, the label. Each becomes seconds since <paramref name="zeroUtc"/>;
    /// lines that do not parse are refused with their number, a missing file is an empty list.
    /// </summary>
    public static IReadOnlyList<PlotMark> ReadMarks(string? path, DateTime zeroUtc)
    {
        if (path is null || !File.Exists(path)) return [];
        var marks = new List<PlotMark>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var parts = lines[i].Trim().Split(' ', 2);
            if (!double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var unix))
                throw new FormatException($"{path}:{i + 1}: expected 'UNIX_SECONDS LABEL', got '{lines[i]}'");
            var at = DateTime.UnixEpoch.AddSeconds(unix);
            marks.Add(new PlotMark(Math.Round((at - zeroUtc).TotalSeconds, 2), parts.Length > 1 ? parts[1] : ""));
        }
        return marks;
    }
}
