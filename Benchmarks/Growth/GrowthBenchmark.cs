using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Queues.Benchmarks.Cli;
using ScottPlot;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Queues.Benchmarks.Growth;

public sealed class GrowthSettings : CommandSettings
{
    [CommandOption("--rows <LIST>"), Description("Rows in the jobs table, one measurement each."), DefaultValue("10000,100000,1000000")]
    public string Rows { get; init; } = "10000,100000,1000000";

    [CommandOption("--requests <N>"), Description("Requests per endpoint and table size, one after another."), DefaultValue(200)]
    public int Requests { get; init; } = 200;

    [CommandOption("--uploads <N>"), Description("Uploads of a 1 MP JPEG per table size, 10 per second, after 10 not counted."), DefaultValue(100)]
    public int Uploads { get; init; } = 100;

    [CommandOption("--out <FOLDER>"), Description("Where growth.md and growth.png go."), DefaultValue("growth-results")]
    public string Out { get; init; } = "growth-results";

    public override ValidationResult Validate() => BenchSettings.Check(() => BenchSettings.Numbers(Rows, "--rows"));
}

/// <summary>
/// `growth`: the Api's read paths and its upload, p50/p99 over sequential requests, on a jobs table of 10k, 100k and
/// 1M rows. Each size gets a fresh SQLite file, migrated by the Api's own `migrate` command, then filled, then
/// served by the shipped Api build as a real process.
/// </summary>
public sealed class GrowthBenchmark : AsyncCommand<GrowthSettings>
{
    static readonly string[] Reads =
    [
        "jobs?page=1&pageSize=25", "jobs?state=Failed&page=1&pageSize=25", "jobs/timeline?minutes=10", "stats", "dlq", "dlq/stats",
    ];
    const string Upload = "POST jobs (1 MP)";

    public override async Task<int> ExecuteAsync(CommandContext context, GrowthSettings s, CancellationToken cancellationToken)
    {
        BenchCommands.RefuseUnknown(context);
        var photo = Queues.LoadTest.Images.SampleImages.Jpeg(1);
        var results = new List<(int Rows, string Endpoint, double P50, double P99, double Max)>();
        foreach (var rows in BenchSettings.Numbers(s.Rows, "--rows").Select(r => (int)r))
        {
            var folder = Directory.CreateTempSubdirectory("queues-growth-").FullName;
            try
            {
                await ApiProcess.MigrateAsync(folder, cancellationToken);
                var seeding = Stopwatch.StartNew();
                JobsSeeder.Seed(Path.Combine(folder, "jobs.db"), rows);
                Console.WriteLine($"{rows:N0} rows seeded in {seeding.Elapsed.TotalSeconds:F1} s");
                await using var api = await ApiProcess.StartAsync(folder, cancellationToken);
                using var http = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromSeconds(30) };
                await CheckSeeded(http, rows, cancellationToken);
                foreach (var path in Reads)
                {
                    var ms = await Time(s.Requests, () => http.GetAsync(path, cancellationToken));
                    results.Add(Row(rows, "GET /" + path, ms));
                    Console.WriteLine(Line(results[^1]));
                }
                var uploads = await TimeUploads(http, photo.Bytes, s.Uploads, cancellationToken);
                results.Add(Row(rows, Upload, uploads));
                Console.WriteLine(Line(results[^1]));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        Directory.CreateDirectory(s.Out);
        var report = Report(results, s);
        await File.WriteAllTextAsync(Path.Combine(s.Out, "growth.md"), report, cancellationToken);
        Plot(results, Path.Combine(s.Out, "growth.png"));
        Console.Write(report);
        Console.WriteLine($"plot: {Path.Combine(s.Out, "growth.png")}");
        return 0;
    }

    /// <summary>The Api reads the seeded rows as its own: the page's total is the table's size.</summary>
    static async Task CheckSeeded(HttpClient http, int rows, CancellationToken cancellationToken)
    {
        var page = await http.GetStringAsync("jobs?page=1&pageSize=1", cancellationToken);
        if (!page.Contains($"\"total\":{rows}", StringComparison.Ordinal))
            throw new InvalidOperationException($"the Api does not see {rows} jobs: {page[..Math.Min(page.Length, 300)]}");
    }

    static async Task<List<double>> Time(int count, Func<Task<HttpResponseMessage>> send)
    {
        for (var i = 0; i < 10; i++) (await send()).EnsureSuccessStatusCode();   // warm-up: JIT, plan cache, page cache
        var ms = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await send();
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            ms.Add(watch.Elapsed.TotalMilliseconds);
        }
        return ms;
    }

    static async Task<List<double>> TimeUploads(HttpClient http, byte[] jpeg, int count, CancellationToken cancellationToken)
    {
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var ms = new List<double>(count);
        const int warmUp = 10;   // like the reads: the first upload of a fresh process also compiles the upload path
        for (var i = -warmUp; i < count; i++)
        {
            await pace.WaitForNextTickAsync(cancellationToken);
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(jpeg);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "file", "growth.jpg");
            form.Add(new StringContent("resize:320x240"), "operations");
            var watch = Stopwatch.StartNew();
            using var response = await http.PostAsync("jobs", form, cancellationToken);
            if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
                throw new InvalidOperationException($"upload {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            if (i >= 0) ms.Add(watch.Elapsed.TotalMilliseconds);
        }
        return ms;
    }

    static (int, string, double, double, double) Row(int rows, string endpoint, List<double> ms)
    {
        ms.Sort();
        double At(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
        return (rows, endpoint, At(0.50), At(0.99), ms[^1]);
    }

    static string Line((int Rows, string Endpoint, double P50, double P99, double Max) r) =>
        string.Create(CultureInfo.InvariantCulture, $"  {r.Rows,9:N0} rows  {r.Endpoint,-45} p50 {r.P50,8:F1} ms  p99 {r.P99,8:F1} ms  max {r.Max,8:F1} ms");

    static string Report(List<(int Rows, string Endpoint, double P50, double P99, double Max)> results, GrowthSettings s)
    {
        var sizes = results.Select(r => r.Rows).Distinct().ToList();
        var text = new StringBuilder();
        text.AppendLine($"Growth: p50 / p99 ms over {s.Requests} sequential requests per endpoint ({s.Uploads} uploads at 10/s), "
            + $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores");
        text.AppendLine();
        text.AppendLine("| endpoint | " + string.Join(" | ", sizes.Select(n => $"{n:N0} rows")) + " |");
        text.AppendLine("| --- |" + string.Concat(sizes.Select(_ => " --- |")));
        foreach (var endpoint in results.Select(r => r.Endpoint).Distinct())
            text.AppendLine($"| `{endpoint}` | " + string.Join(" | ", sizes.Select(n => results.Single(r => r.Rows == n && r.Endpoint == endpoint))
                .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.P50:F1} / {r.P99:F1}"))) + " |");
        return text.ToString();
    }

    static void Plot(List<(int Rows, string Endpoint, double P50, double P99, double Max)> results, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var index = 0;
        foreach (var group in results.GroupBy(r => r.Endpoint))
        {
            var line = plot.Add.Scatter(group.Select(r => Math.Log10(r.Rows)).ToArray(), group.Select(r => r.P99).ToArray());
            line.LegendText = group.Key;
            line.Color = palette.GetColor(index++);
            line.LineWidth = 3;
            line.MarkerSize = 10;
        }
        var limit = plot.Add.HorizontalLine(50);
        limit.LegendText = "target: 50 ms";
        limit.LinePattern = LinePattern.Dashed;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var rows in results.Select(r => r.Rows).Distinct())
            ticks.AddMajor(Math.Log10(rows), rows.ToString("N0", CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Title("p99 latency stays flat as the jobs table grows?");
        plot.XLabel("rows in the jobs table");
        plot.YLabel("p99 latency (ms)");
        plot.Axes.Title.Label.FontSize = 24;
        plot.Axes.Bottom.Label.FontSize = 20;
        plot.Axes.Left.Label.FontSize = 20;
        plot.Legend.FontSize = 16;
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 1200, 700);
    }
}
