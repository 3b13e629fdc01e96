using System.Globalization;
using System.Text.Json;
using Queues.Monitoring.Sources;
using Queues.Plotting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Queues.Monitoring.Sampling;

/// <summary>
/// Reads the sampler every interval until the duration is up or Ctrl+C: a live table on a terminal, one line
/// per reading when the output is redirected; every reading to the CSV; the plot at the end. A source that
/// does not answer is one line of explanation, and the next interval tries again.
/// </summary>
public sealed class MonitorLoop(ISampler sampler, MonitorOptions options, IAnsiConsole console)
{
    const int VisibleRows = 15;
    readonly List<Sample> samples = [];

    public IReadOnlyList<Sample> Samples => samples;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var start = DateTime.UtcNow;
        using var csv = options.Csv is null ? null : new CsvRecorder(options.Csv, sampler.Columns, start);
        var deadline = options.Duration > TimeSpan.Zero ? start + options.Duration : DateTime.MaxValue;
        var caps = console.Profile.Capabilities;

        async Task Loop(Action<Sample> show)
        {
            while (true)
            {
                var sample = await ReadAsync(cancellationToken);
                samples.Add(sample);
                csv?.Write(sample);
                show(sample);
                // Readings keep to the start's rhythm, so a slow answer does not stretch every later interval;
                // ticks missed while waiting for one are skipped, not made up in a burst of readings, and a
                // reading that ends just before a tick is not followed by another a moment later.
                var ticks = Math.Floor(((DateTime.UtcNow - start) + options.Interval * 0.1) / options.Interval) + 1;
                var next = start + options.Interval * ticks;
                if (next > deadline) return;
                await Task.Delay(next - DateTime.UtcNow, cancellationToken);
            }
        }

        try
        {
            if (caps.Interactive && caps.Ansi)
                await console.Live(Render()).AutoClear(false).StartAsync(ctx => Loop(_ => ctx.UpdateTarget(Render())));
            else
            {
                // Redirected to a file or a pipe: one line per reading.
                console.WriteLine(sampler.Title);
                await Loop(s => console.WriteLine(Line(s)));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }

        if (options.Plot is not null && samples.Count > 0)
        {
            Plotter.Save(options.Plot, sampler, samples, start, options.Title, ProjectorStyle.ReadMarks(options.Marks, start));
            console.WriteLine($"plot: {options.Plot}");
        }
        if (options.Csv is not null) console.WriteLine($"csv: {options.Csv} ({samples.Count} readings)");
    }

    async Task<Sample> ReadAsync(CancellationToken cancellationToken)
    {
        var at = DateTime.UtcNow;
        try
        {
            return new Sample(at, await sampler.ReadAsync(at, cancellationToken));
        }
        catch (SourceUnavailableException e)
        {
            return Sample.Unavailable(at, sampler.Columns.Count, $"{e.Message}; retrying every {options.Interval.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return Sample.Unavailable(at, sampler.Columns.Count, $"unexpected answer ({e.Message}); is the URL right? retrying");
        }
    }

    IRenderable Render()
    {
        // One row per reading when the terminal is wide enough; otherwise one row per measure, readings across.
        var table = console.Profile.Width >= 10 * (sampler.Columns.Count + 1) ? ReadingsDown() : ReadingsAcross();
        table.Border(TableBorder.Rounded).Title(Markup.Escape(sampler.Title));
        var last = samples.LastOrDefault();
        table.Caption(last?.Problem is { } problem
            ? $"[red]{Markup.Escape(problem)}[/]"
            : $"[grey]every {options.Interval.TotalSeconds:0.#} s{(options.Csv is null ? "" : $", recording to {Markup.Escape(options.Csv)}")}; Ctrl+C stops[/]");
        return sampler.Detail() is { } detail ? new Rows(table, detail) : table;
    }

    Table ReadingsDown()
    {
        var table = new Table();
        table.AddColumn("time");
        foreach (var column in sampler.Columns) table.AddColumn(new TableColumn(Markup.Escape(column.Header)).RightAligned());
        foreach (var sample in samples.TakeLast(VisibleRows))
            table.AddRow([Time(sample), .. Cells(sample).Select(Markup.Escape)]);
        return table;
    }

    Table ReadingsAcross()
    {
        var shown = samples.TakeLast(Math.Max(1, (console.Profile.Width - 24) / 10)).ToList();
        var table = new Table();
        table.AddColumn("");
        foreach (var sample in shown) table.AddColumn(new TableColumn(Time(sample)).RightAligned());
        var cells = shown.Select(s => Cells(s).ToList()).ToList();
        for (var i = 0; i < sampler.Columns.Count; i++)
            table.AddRow([Markup.Escape(sampler.Columns[i].Header), .. cells.Select(c => Markup.Escape(c[i]))]);
        return table;
    }

    static string Time(Sample sample) => sample.At.ToLocalTime().ToString("HH:mm:ss");

    IEnumerable<string> Cells(Sample sample) =>
        sample.Values.Select((v, i) => v is { } d && double.IsFinite(d) ? d.ToString(sampler.Columns[i].Format, CultureInfo.InvariantCulture) : "-");

    string Line(Sample sample) =>
        Time(sample) + "  " + (sample.Problem ?? string.Join("  ",
            sampler.Columns.Zip(Cells(sample), (c, v) => $"{c.Header}={v}")));
}
