using System.Globalization;
using Queues.Monitoring.Tests;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// The Monitoring tool against the real distributed system. The "done when": during a burst of uploads
/// the queues view shows process-image filling (no worker running) and draining (workers back).
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class MonitoringToolTests(DistributedSystem system)
{
    const int Jobs = 60;

    [Fact]
    public async Task The_queues_view_shows_process_image_filling_with_no_worker_then_draining_when_workers_return()
    {
        var csv = Path.Combine(system.LogDirectory, "monitoring-queues.csv");
        var png = Path.Combine(system.LogDirectory, "monitoring-queues.png");
        foreach (var worker in system.Workers) worker.Kill();
        try
        {
            using var monitor = MonitoringTool.Start("queues", "--rabbit", system.ManagementUrl.ToString(),
                "--interval", "1", "--duration", "150", "--csv", csv, "--plot", png);
            await system.Http.UploadManyAsync(Jobs, JobsClient.Jpeg(640, 480));
            // The management API refreshes its counts every 5 s: the queue shows full a few seconds later.
            var full = await WaitForRowAsync(monitor, csv, r => r.Ready >= Jobs / 2, TimeSpan.FromSeconds(40), $"process-image holding {Jobs / 2}+ ready jobs");
            full.Consumers.ShouldBe(0);

            for (var i = 0; i < system.Workers.Length; i++) await system.RestartWorkerAsync(i);
            var drained = await WaitForRowAsync(monitor, csv, r => r.At > full.At && r.Ready == 0 && r.Unacked == 0 && r.Consumers == 2,
                TimeSpan.FromSeconds(90), "process-image drained by two consumers");
            // SIGTERM, not SIGINT: a test run started in the background has SIGINT ignored in its children.
            monitor.Terminate();
            var (exitCode, output) = await monitor.WaitAsync(TimeSpan.FromSeconds(30));

            exitCode.ShouldBe(0, output);
            // Mid-drain readings (ready falling, ack/s above zero) show only when the drain outlasts one of the
            // broker's 5-s statistics samples, which fast workers do not: full, then empty, is what is certain.
            var rows = ReadRows(csv);
            rows.Where(r => r.At > drained.At).ShouldAllBe(r => r.Ready == 0);
            rows.ShouldAllBe(r => r.Status == "ok", output);
            File.Exists(png).ShouldBeTrue(output);
        }
        finally
        {
            for (var i = 0; i < system.Workers.Length; i++)
                if (system.Workers[i].HasExited) await system.RestartWorkerAsync(i);
        }
    }

    [Fact]
    public async Task Verify_finds_the_broker_storage_workers_and_notifier_answering()
    {
        var (exitCode, output) = await MonitoringTool.RunAsync("verify", "--api", system.Api.BaseAddress.ToString(),
            "--rabbit", system.ManagementUrl.ToString(), "--notifier", system.Notifier.BaseAddress.ToString());

        exitCode.ShouldBe(0, output);
        output.ShouldContain("object-store: healthy");
        output.ShouldContain("2 consuming process-image");
        output.ShouldContain("Everything answers.");
    }

    sealed record Row(DateTime At, double Ready, double Unacked, double Consumers, string Status);

    /// <summary>time, elapsed_s, ready, unacked, consumers, (publish, deliver, ack, error_ready, oldest,) status, which may hold commas.</summary>
    static List<Row> ReadRows(string csv) => File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',', 11))
        .Select(c => new Row(DateTime.Parse(c[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
            Number(c[2]), Number(c[3]), Number(c[4]), c[10].Trim('"')))
        .ToList();

    static double Number(string cell) => cell.Length == 0 ? 0 : double.Parse(cell, CultureInfo.InvariantCulture);

    /// <summary>The first reading matching, re-checked each time the monitor reports a reading (it flushes the CSV first).</summary>
    static Task<Row> WaitForRowAsync(MonitoringTool monitor, string csv, Func<Row, bool> match, TimeSpan timeout, string what) =>
        monitor.WaitForAsync(() => File.Exists(csv) ? ReadRows(csv).Where(r => r.Status == "ok").FirstOrDefault(match) : null,
            timeout, $"a reading with {what} in {csv}");
}
