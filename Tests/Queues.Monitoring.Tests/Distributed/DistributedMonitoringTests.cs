using System.Globalization;

namespace Queues.Monitoring.Tests.Distributed;

/// <summary>
/// The issue's "done when": during a burst of uploads the queues view shows process-image filling and draining,
/// here on a real RabbitMQ node with the Api, Notifier and Worker as separate processes.
/// </summary>
public sealed class DistributedMonitoringTests(PrivateServices services) : IClassFixture<PrivateServices>
{
    const int Jobs = 60;

    [Fact]
    public async Task The_queues_view_shows_process_image_filling_with_no_worker_then_draining_when_one_starts()
    {
        var settings = services.HostSettings();
        await using var api = await HostProcess.StartAsync("Api", settings, services.Folder);
        await using var notifier = await HostProcess.StartAsync("Notifier", settings, services.Folder);
        var csv = Path.Combine(services.Folder, "queues.csv");
        var png = Path.Combine(services.Folder, "queues.png");
        using var monitor = MonitoringTool.Start("queues", "--rabbit", services.ManagementUrl.ToString(),
            "--interval", "1", "--duration", "150", "--csv", csv, "--plot", png);

        using var client = new HttpClient { BaseAddress = api.Url };
        await client.UploadAsync(Jobs);
        // The management API refreshes its counts every 5 s: the queue shows full a few seconds later.
        var full = await WaitForRowAsync(csv, r => r.Ready >= Jobs / 2, TimeSpan.FromSeconds(40));
        full.Consumers.ShouldBe(0);

        settings["Worker__Id"] = "drainer";
        await using var worker = await HostProcess.StartAsync("Worker", settings, services.Folder);
        var drained = await WaitForRowAsync(csv, r => r.At > full.At && r.Ready == 0 && r.Unacked == 0 && r.Consumers >= 1, TimeSpan.FromSeconds(90));
        monitor.Interrupt();
        var (exitCode, output) = await monitor.WaitAsync(TimeSpan.FromSeconds(30));

        exitCode.ShouldBe(0, output);
        var rows = ReadRows(csv);
        rows.ShouldContain(r => r.At > full.At && r.At <= drained.At && r.Consumers >= 1 && r.AckPerSecond > 0,
            "the worker's acknowledgements show while the queue drains");
        rows.ShouldAllBe(r => r.Status == "ok" || r.Status.StartsWith("no queue"), output);
        File.Exists(png).ShouldBeTrue(output);
    }

    sealed record Row(DateTime At, double Ready, double Unacked, double Consumers, double AckPerSecond, string Status);

    /// <summary>time, elapsed_s, ready, unacked, consumers, publish, deliver, ack, error_ready, oldest, status (which may hold commas).</summary>
    static List<Row> ReadRows(string csv) => File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',', 11))
        .Select(c => new Row(DateTime.Parse(c[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
            Number(c[2]), Number(c[3]), Number(c[4]), Number(c[7]), c[10].Trim('"')))
        .ToList();

    static double Number(string cell) => cell.Length == 0 ? 0 : double.Parse(cell, CultureInfo.InvariantCulture);

    static async Task<Row> WaitForRowAsync(string csv, Func<Row, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(csv) && ReadRows(csv).Where(r => r.Status == "ok").FirstOrDefault(match) is { } row) return row;
            await Task.Delay(500);
        }
        throw new TimeoutException($"No such reading within {timeout.TotalSeconds:0} s; the monitor recorded:\n{(File.Exists(csv) ? File.ReadAllText(csv) : "nothing")}");
    }
}
