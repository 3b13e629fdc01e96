using System.Text.Json;
using Queues.LoadTest.Cli;
using Queues.LoadTest.Client;
using Queues.LoadTest.Images;
using Queues.LoadTest.Reports;
using Queues.LoadTest.Results;
using Queues.LoadTest.Scheduling;
using Queues.Tests.Support;

namespace Queues.LoadTest.Tests.Runs;

/// <summary>A real, small run: the standalone app on real Kestrel (loopback), the load tool over HTTP.</summary>
public sealed class StandaloneLoadRunTests : IAsyncLifetime
{
    readonly StandaloneApp app = new();
    readonly TempFolder output = new();
    Uri url = null!;

    public Task InitializeAsync()
    {
        app.UseKestrel(0);
        app.StartServer();
        url = app.CreateClient().BaseAddress!;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        output.Dispose();
    }

    [Fact]
    public async Task Twenty_jobs_in_bulk_all_complete_and_the_report_says_so()
    {
        // An event one second after the run starts, as scripts/lab.sh mark writes it: it comes back as about 1 s.
        var marks = Path.Combine(output.Path, "marks.txt");
        var options = new RunOptions
        {
            Scenario = "bulk",
            Arrivals = ArrivalSchedule.Bulk(20),
            Concurrency = 4,
            Url = url,
            Deadline = TimeSpan.FromSeconds(60),
            OutputFolder = output.Path,
            Live = false,
            Command = "loadtest bulk --count 20 --concurrency 4 (test)",
            Title = "twenty jobs, one mark",
            Marks = marks,
        };
        var images = SampleImages.Generate([0.3, 1]);
        File.WriteAllText(marks, $"{(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1000) / 1000.0:F3} worker killed\n");

        var (result, records) = await new LoadRun(options, images, QueuesClient.Create(url)).ExecuteAsync(CancellationToken.None);
        var files = RunReport.Write(output.Path, result, records);

        result.Requests.Sent.ShouldBe(20);
        result.Requests.Accepted.ShouldBe(20, string.Join("; ", records.Select(r => r.Error).OfType<string>()));
        result.Jobs.ShouldBe(new JobCounts(Completed: 20, Failed: 0, Lost: 0));
        result.CompletionSource.ShouldBe("sse", "the API's GET /events stream announces each finished job");
        result.Watch.ShouldNotBeNull().Polls.ShouldBe(0, "with the stream up no job is polled");
        result.Watch.StreamDrops.ShouldBe(0);
        result.Watch.TimingReads.ShouldBe(1, "the server's timings of all 20 jobs come in one page after the run");
        result.EndToEnd.Count.ShouldBe(20);
        result.ServerEndToEnd.Count.ShouldBe(20);
        result.Processing.Count.ShouldBe(20);
        records.ShouldAllBe(r => r.EndToEndMs >= r.UploadMs);

        files.Select(Path.GetExtension).Distinct().Order().ShouldBe([".csv", ".json", ".md", ".png"]);
        files.ShouldAllBe(f => new FileInfo(f).Length > 0);
        var saved = ResultFiles.Read(files.Single(f => f.EndsWith(".json")));
        saved.Title.ShouldBe("twenty jobs, one mark");
        saved.Marks.ShouldNotBeNull().Single().Label.ShouldBe("worker killed");
        saved.Marks.Single().Seconds.ShouldBeInRange(0, 1.01, "seconds since the run's clock started, which was after the mark was written");
        foreach (var png in files.Where(f => f.EndsWith(".png")))
            PngSize(png).ShouldBe((1400, 700), "the projector size (ProjectorStyle)");
        saved.Jobs.ShouldBe(result.Jobs);
        saved.EndToEnd.ShouldBe(result.EndToEnd);
        saved.Watch.ShouldBe(result.Watch);
        File.ReadAllText(files.Single(f => f.EndsWith(".md"))).ShouldContain("| lost (not finished by the deadline) | 0 |");
        File.ReadAllLines(files.Single(f => f.EndsWith(".jobs.csv"))).Length.ShouldBe(21);

        var compared = Comparison.Write([files.Single(f => f.EndsWith(".json"))], output.Path);
        File.ReadAllText(compared[0]).ShouldContain("| bulk | bulk | 20 | 0 | 0 | 0 |");
        JsonDocument.Parse(File.ReadAllText(files.Single(f => f.EndsWith(".json")))).RootElement
            .GetProperty("timeline").GetArrayLength().ShouldBeGreaterThan(0);
    }

    /// <summary>Width and height from a PNG's IHDR chunk (big-endian, bytes 16-23).</summary>
    internal static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
