using Queues.LoadTest.Results;
using Queues.Plotting;
using ScottPlot;

namespace Queues.LoadTest.Reports;

/// <summary>
/// The PNG plots of a report: latency over time, throughput over time, and the comparison of runs, in the lab's
/// projector style (<see cref="ProjectorStyle"/>): the run's <c>--title</c> on top, its <c>--marks</c> as dashed lines.
/// </summary>
public static class Plots
{
    /// <summary>One point per job: upload latency at its send time, end-to-end latency at its completion time.</summary>
    public static void Latency(RunResult result, IReadOnlyList<JobRecord> records, string path)
    {
        var plot = new Plot();
        var uploads = records.Where(r => r.UploadMs is not null).ToList();
        var done = records.Where(r => r.Outcome == "Completed").ToList();
        Points(plot, uploads.Select(r => r.SentMs / 1000), uploads.Select(r => r.UploadMs!.Value), "upload (at its send)", Colors.SteelBlue);
        Points(plot, done.Select(r => r.FinishedMs!.Value / 1000), done.Select(r => r.EndToEndMs!.Value), "upload to Completed (at its end)", Colors.OrangeRed);
        ProjectorStyle.Apply(plot, result.Title is { } title ? $"{title}: latency" : $"{result.Label}: latency of each job over time");
        plot.XLabel("seconds since the run started");
        plot.YLabel("latency (ms)");
        ProjectorStyle.Marks(plot, result.Marks);
        plot.ShowLegend(Alignment.UpperLeft);
        ProjectorStyle.FromZero(plot);
        plot.SavePng(path, ProjectorStyle.Width, ProjectorStyle.Height);
    }

    /// <summary>Rates per second (left axis) and jobs in progress and waiting in the queue (right axis).</summary>
    public static void Throughput(RunResult result, string path)
    {
        var plot = new Plot();
        var seconds = result.Timeline.Select(s => (double)s.Second).ToArray();
        Line(plot, seconds, result.Timeline.Select(s => (double)s.Sent).ToArray(), "uploads sent per second", Colors.SteelBlue, right: false);
        Line(plot, seconds, result.Timeline.Select(s => (double)s.Completed).ToArray(), "jobs completed per second", Colors.Green, right: false);
        Line(plot, seconds, result.Timeline.Select(s => (double)s.Outstanding).ToArray(), "in progress (accepted, not finished)", Colors.Gray, right: true);
        if (result.Timeline.Any(s => s.QueueDepth is not null))
            Line(plot, seconds, result.Timeline.Select(s => (double)(s.QueueDepth ?? 0)).ToArray(), "process-image queue depth", Colors.Purple, right: true);
        ProjectorStyle.Apply(plot, result.Title ?? $"{result.Label}: jobs per second over time");
        plot.XLabel("seconds since the run started");
        plot.Axes.Left.Label.Text = "jobs per second";
        plot.Axes.Right.Label.Text = "jobs";
        ProjectorStyle.Marks(plot, result.Marks);
        plot.ShowLegend(Alignment.UpperRight);
        ProjectorStyle.FromZero(plot);
        plot.SavePng(path, ProjectorStyle.Width, ProjectorStyle.Height);
    }

    /// <summary>Runs side by side: throughput as bars (left axis), end-to-end p50/p99 as lines (right axis).</summary>
    public static void Compare(IReadOnlyList<RunResult> runs, string path, string? title = null)
    {
        var plot = new Plot();
        var xs = Enumerable.Range(0, runs.Count).Select(i => (double)i).ToArray();
        var bars = plot.Add.Bars(xs, runs.Select(r => r.ThroughputPerSecond).ToArray());
        bars.LegendText = "throughput (jobs/s, left)";
        foreach (var (name, pick, color) in new (string, Func<RunResult, double>, Color)[]
                 { ("end to end p50 (ms, right)", r => r.EndToEnd.P50, Colors.OrangeRed), ("end to end p99 (ms, right)", r => r.EndToEnd.P99, Colors.DarkRed) })
        {
            var line = plot.Add.Scatter(xs, runs.Select(pick).ToArray(), color);
            line.Axes.YAxis = plot.Axes.Right;
            line.LineWidth = 3;
            line.MarkerSize = 14;
            line.LegendText = name;
        }
        ProjectorStyle.Apply(plot, title ?? "Runs compared: throughput and end-to-end latency");
        plot.Axes.Left.Label.Text = "jobs per second";
        plot.Axes.Right.Label.Text = "end-to-end latency (ms)";
        plot.Axes.Bottom.SetTicks(xs, runs.Select(r => r.Label).ToArray());
        if (runs.Count > 5)
        {
            // Many runs (e.g. six operations at two sizes): slanted labels, or they overlap.
            plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.TickLabelStyle.FontSize = 16;
            plot.Axes.Bottom.MinimumSize = 40 + runs.Max(r => r.Label.Length) * 5;
        }
        plot.ShowLegend(Alignment.UpperLeft);
        ProjectorStyle.FromZero(plot);
        plot.SavePng(path, ProjectorStyle.Width, ProjectorStyle.Height);
    }

    static void Points(Plot plot, IEnumerable<double> xs, IEnumerable<double> ys, string name, Color color)
    {
        var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), color);
        points.MarkerSize = 7;
        points.LegendText = name;
    }

    static void Line(Plot plot, double[] xs, double[] ys, string name, Color color, bool right)
    {
        if (xs.Length == 0) return;
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LineWidth = 3;
        line.LegendText = name;
        if (right) line.Axes.YAxis = plot.Axes.Right;
    }
}
