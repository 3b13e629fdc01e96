using System.Globalization;

namespace Queues.Monitoring.Tests;

/// <summary>Short, bounded runs of the Monitoring tool, as a process, against the real Api during a burst of uploads.</summary>
public sealed class MonitoringRunTests(LiveApi api) : IClassFixture<LiveApi>, IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("queues-monitoring-run-").FullName;

    [Fact]
    public async Task The_queues_view_records_a_csv_and_a_plot_while_jobs_flow()
    {
        var csv = Path.Combine(folder, "queues.csv");
        var png = Path.Combine(folder, "queues.png");
        using var monitor = MonitoringTool.Start("queues", "--api", api.Url.ToString(), "--interval", "0.5", "--duration", "5", "--csv", csv, "--plot", png);
        await FirstReadingAsync(monitor, csv);
        await api.UploadAsync(40);
        var (exitCode, output) = await monitor.WaitAsync(TimeSpan.FromMinutes(1));

        exitCode.ShouldBe(0, output);
        var rows = ReadCsv(csv);
        rows[0].ShouldBe(["time", "elapsed_s", "ready", "unacked", "consumers", "publish_per_s", "deliver_per_s", "ack_per_s", "error_ready", "oldest_waiting_s", "status"]);
        var data = rows.Skip(1).ToList();
        data.Count.ShouldBeInRange(5, 11, output); // every 0.5 s for 5 s, fewer if an answer takes longer
        data.ShouldAllBe(r => r[r.Length - 1] == "ok", output);
        data.ShouldAllBe(r => Number(r[2]) >= 0);
        data.ShouldAllBe(r => Number(r[8]) == 0, "no job failed, so nothing is in the error queue");
        data.Sum(r => Number(r[5])).ShouldBeGreaterThan(0, "40 uploads were sent to process-image during the run");
        data.Sum(r => Number(r[6])).ShouldBeGreaterThan(0, "the in-process worker received them");
        data.Sum(r => Number(r[7])).ShouldBeGreaterThan(0, "and consumed them");
        data.Select(r => DateTime.Parse(r[0], CultureInfo.InvariantCulture)).ShouldBeInOrder();
        File.ReadAllBytes(png)[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
    }

    [Fact]
    public async Task The_performance_view_records_throughput_latency_and_workers()
    {
        var csv = Path.Combine(folder, "performance.csv");
        using var monitor = MonitoringTool.Start("performance", "--api", api.Url.ToString(), "--interval", "0.5", "--duration", "6", "--csv", csv);
        await FirstReadingAsync(monitor, csv);
        await api.UploadAsync(30);
        var (exitCode, output) = await monitor.WaitAsync(TimeSpan.FromMinutes(1));

        exitCode.ShouldBe(0, output);
        var rows = ReadCsv(csv);
        var header = rows[0];
        header.ShouldBe(["time", "elapsed_s", "completed", "failed", "throughput_per_s", "throughput_last_minute_per_s", "failed_per_s",
            "processing_p50_ms", "processing_p95_ms", "processing_p99_ms", "end_to_end_p50_ms", "end_to_end_p95_ms", "end_to_end_p99_ms",
            "workers_online", "ready", "status"]);
        double Col(string[] row, string name) => Number(row[Array.IndexOf(header, name)]);
        var data = rows.Skip(1).ToList();
        data.ShouldAllBe(r => r[r.Length - 1] == "ok", output);
        // However busy the machine, the counts only grow, and some of the 30 jobs finish within the run.
        data.Select(r => Col(r, "completed")).ShouldBeInOrder(SortDirection.Ascending, output);
        var last = data[^1];
        Col(last, "completed").ShouldBeInRange(1, 30, output);
        data.Max(r => Col(r, "throughput_per_s")).ShouldBeGreaterThan(0, output);
        Col(last, "failed").ShouldBe(0);
        Col(last, "processing_p50_ms").ShouldBeGreaterThan(0);
        Col(last, "processing_p99_ms").ShouldBeGreaterThanOrEqualTo(Col(last, "processing_p50_ms"));
        Col(last, "end_to_end_p50_ms").ShouldBeGreaterThanOrEqualTo(Col(last, "processing_p50_ms"));
        Col(last, "workers_online").ShouldBe(1);
    }

    [Fact]
    public async Task SIGTERM_stops_it_as_gracefully_as_ctrl_c_even_when_started_with_SIGINT_ignored()
    {
        var csv = Path.Combine(folder, "stopped.csv");
        using var monitor = MonitoringTool.StartWithInterruptIgnored("queues", "--api", api.Url.ToString(), "--interval", "0.5", "--csv", csv);
        await FirstReadingAsync(monitor, csv);

        monitor.Terminate();
        var (exitCode, output) = await monitor.WaitAsync(TimeSpan.FromSeconds(30));

        exitCode.ShouldBe(0, output);
        output.ShouldContain($"csv: {csv} (", Case.Sensitive, "it says what it recorded, as when stopped by Ctrl+C");
        ReadCsv(csv).Skip(1).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task An_unreachable_api_is_one_plain_line_per_try_not_a_stack_trace()
    {
        var (exitCode, output) = await MonitoringTool.RunAsync("queues", "--api", "http://127.0.0.1:9", "--interval", "0.5", "--duration", "2");

        exitCode.ShouldBe(0);
        output.ShouldContain("Api unreachable at http://127.0.0.1:9: Connection refused; retrying every 0.5 s");
        output.ShouldNotContain("   at ");
        output.Split('\n').Count(l => l.Contains("unreachable")).ShouldBeGreaterThanOrEqualTo(2, "it keeps trying");
    }

    /// <summary>
    /// Uploads start once the monitor has read the Api once: then the jobs fall between its readings, and the counters'
    /// rise shows as a rate (a rate needs a reading from before).
    /// </summary>
    static Task FirstReadingAsync(MonitoringTool monitor, string csv) => monitor.WaitForAsync(
        () => File.Exists(csv) && ReadCsv(csv).Skip(1).Any(r => r[^1] == "ok") ? csv : null,
        TimeSpan.FromSeconds(30), "the monitor's first reading of the Api in " + csv);

    static List<string[]> ReadCsv(string path) => File.ReadAllLines(path).Select(l => l.Split(',')).ToList();

    /// <summary>Blank (unknown) counts as zero here.</summary>
    static double Number(string cell) => cell.Length == 0 ? 0 : double.Parse(cell, CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
