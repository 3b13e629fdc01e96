using Queues.Plotting;
using ScottPlot;

namespace Queues.Monitoring.Sampling;

/// <summary>
/// Queue depth (left axis) and rates (right axis) over the run, as a PNG for the experiment write-up, in the lab's
/// projector style: the given title (what to look at) and the run's events as dashed lines.
/// </summary>
public static class Plotter
{
    public static void Save(string path, ISampler sampler, IReadOnlyList<Sample> samples, DateTime start,
        string? title = null, IReadOnlyList<PlotMark>? marks = null)
    {
        var plot = new Plot();
        var seconds = samples.Select(s => (s.At - start).TotalSeconds).ToArray();
        void Line(string column, bool right)
        {
            var index = sampler.Columns.ToList().FindIndex(c => c.Name == column);
            if (index < 0) return;
            // Unknown readings become gaps rather than zeros: an outage must not look like an empty queue.
            var values = samples.Select(s => s.Values[index] ?? double.NaN).ToArray();
            var line = plot.Add.ScatterLine(seconds, values);
            line.LegendText = sampler.Columns[index].Header + (right ? " (right)" : "");
            line.LineWidth = 3;
            if (right)
            {
                line.Axes.YAxis = plot.Axes.Right;
                line.LinePattern = LinePattern.Dotted;
            }
        }
        foreach (var column in sampler.DepthColumns) Line(column, right: false);
        foreach (var column in sampler.RateColumns) Line(column, right: true);

        ProjectorStyle.Apply(plot, title ?? sampler.Title);
        // The view's own title is long (it names its source); a given one is short, so the source goes below.
        plot.Axes.Bottom.Label.Text = title is null ? "seconds since the monitor started" : $"seconds since the monitor started ({sampler.Title})";
        if (title is not null) plot.Axes.Bottom.Label.FontSize = 16;
        plot.Axes.Left.Label.Text = "messages (or jobs)";
        plot.Axes.Right.Label.Text = "per second";
        ProjectorStyle.Marks(plot, marks);
        plot.ShowLegend(Alignment.UpperRight);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        ProjectorStyle.FromZero(plot);
        plot.SavePng(path, ProjectorStyle.Width, ProjectorStyle.Height);
    }
}
