using ScottPlot;

namespace Queues.Monitoring.Sampling;

/// <summary>Queue depth (left axis) and rates (right axis) over the run, as a PNG for the experiment write-up.</summary>
public static class Plotter
{
    public static void Save(string path, ISampler sampler, IReadOnlyList<Sample> samples, DateTime start)
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
            line.LegendText = sampler.Columns[index].Header;
            line.LineWidth = 2;
            if (right) line.Axes.YAxis = plot.Axes.Right;
        }
        foreach (var column in sampler.DepthColumns) Line(column, right: false);
        foreach (var column in sampler.RateColumns) Line(column, right: true);

        plot.Title(sampler.Title);
        plot.Axes.Bottom.Label.Text = "seconds";
        plot.Axes.Left.Label.Text = "messages";
        plot.Axes.Right.Label.Text = "per second";
        plot.ShowLegend(Alignment.UpperRight);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        plot.SavePng(path, 1200, 600);
    }
}
