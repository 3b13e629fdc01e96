using Queues.LoadTest.Results;
using ScottPlot;

namespace Queues.LoadTest.Reports;

/// <summary>The PNG plots of a report: latency over time, throughput over time, and the comparison of runs.</summary>
public static class Plots
{
    const int Width = 1000, Height = 450;

    /// <summary>One point per job: upload latency at its send time, end-to-end latency at its completion time.</summary>
    public static void Latency(IReadOnlyList<JobRecord> records, string path)
    {
        var plot = new Plot();
        var uploads = records.Where(r => r.UploadMs is not null).ToList();
        var done = records.Where(r => r.Outcome == "Completed").ToList();
        Points(plot, uploads.Select(r => r.SentMs / 1000), uploads.Select(r => r.UploadMs!.Value), "upload", Colors.SteelBlue);
        Points(plot, done.Select(r => r.FinishedMs!.Value / 1000), done.Select(r => r.EndToEndMs!.Value), "end to end", Colors.OrangeRed);
        plot.Title("Latency over time");
        plot.XLabel("seconds since start");
        plot.YLabel("milliseconds");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    public static void Throughput(RunResult result, string path)
    {
        var plot = new Plot();
        var seconds = result.Timeline.Select(s => (double)s.Second).ToArray();
        Line(plot, seconds, result.Timeline.Select(s => (double)s.Sent).ToArray(), "uploads sent /s", Colors.SteelBlue);
        Line(plot, seconds, result.Timeline.Select(s => (double)s.Completed).ToArray(), "jobs completed /s", Colors.Green);
        Line(plot, seconds, result.Timeline.Select(s => (double)s.Outstanding).ToArray(), "in progress", Colors.Gray);
        if (result.Timeline.Any(s => s.QueueDepth is not null))
            Line(plot, seconds, result.Timeline.Select(s => (double)(s.QueueDepth ?? 0)).ToArray(), "queue depth", Colors.Purple);
        plot.Title("Throughput over time");
        plot.XLabel("seconds since start");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Runs side by side: throughput (left axis) and end-to-end p50/p99 (right axis).</summary>
    public static void Compare(IReadOnlyList<RunResult> runs, string path)
    {
        var plot = new Plot();
        var xs = Enumerable.Range(0, runs.Count).Select(i => (double)i).ToArray();
        var bars = plot.Add.Bars(xs, runs.Select(r => r.ThroughputPerSecond).ToArray());
        bars.LegendText = "throughput (jobs/s)";
        plot.Axes.Left.Label.Text = "jobs/s";
        foreach (var (name, pick, color) in new (string, Func<RunResult, double>, Color)[]
                 { ("end to end p50 (ms)", r => r.EndToEnd.P50, Colors.OrangeRed), ("end to end p99 (ms)", r => r.EndToEnd.P99, Colors.DarkRed) })
        {
            var line = plot.Add.Scatter(xs, runs.Select(pick).ToArray(), color);
            line.Axes.YAxis = plot.Axes.Right;
            line.LegendText = name;
        }
        plot.Axes.Right.Label.Text = "milliseconds";
        plot.Axes.Bottom.SetTicks(xs, runs.Select(r => r.Label).ToArray());
        plot.Title("Runs compared");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    static void Points(Plot plot, IEnumerable<double> xs, IEnumerable<double> ys, string name, Color color)
    {
        var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray(), color);
        points.MarkerSize = 4;
        points.LegendText = name;
    }

    static void Line(Plot plot, double[] xs, double[] ys, string name, Color color)
    {
        if (xs.Length == 0) return;
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LegendText = name;
    }
}
