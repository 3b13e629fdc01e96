using System.Globalization;
using Queues.LoadTest.Scheduling;

namespace Queues.LoadTest.Cli;

/// <summary>One load run as the command line describes it. Every run is bounded in count and in time.</summary>
public sealed record RunOptions
{
    public const int MaxJobs = 100_000;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    public required string Scenario { get; init; }
    public required IReadOnlyList<Arrival> Arrivals { get; init; }
    /// <summary>Uploads in flight at once; 0 = no limit (rate and burst: the open model).</summary>
    public int Concurrency { get; init; }
    public Uri Url { get; init; } = new("http://127.0.0.1:5000");
    public string? ImagesFolder { get; init; }
    public IReadOnlyList<double> Megapixels { get; init; } = [1];
    public string? Operations { get; init; }
    /// <summary>How long after the last upload a job may take before it counts as lost.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(60);
    public Uri? Rabbit { get; init; }
    public string Queue { get; init; } = "process-image";
    public string OutputFolder { get; init; } = "loadtest-results";
    public string? Label { get; init; }
    public bool Live { get; init; } = true;
    public string Command { get; init; } = "";

    public static RunOptions Parse(string[] args)
    {
        if (args.Length == 0) throw new ArgumentException("no scenario");
        var o = Options.Read(args[1..]);
        var scenario = args[0].ToLowerInvariant();
        var (arrivals, concurrency) = scenario switch
        {
            "bulk" => (ArrivalSchedule.Bulk(o.Int("count", 100)), o.Int("concurrency", 8)),
            "burst" => (ArrivalSchedule.Burst(o.Int("size", 20), o.Int("bursts", 3), o.Duration("interval", TimeSpan.FromSeconds(10))), 0),
            "rate" => (ArrivalSchedule.Rate(o.Double("rps", 1), o.Duration("duration", TimeSpan.FromSeconds(30))), 0),
            _ => throw new ArgumentException($"unknown scenario '{args[0]}' (bulk, burst, rate, analyze)"),
        };
        if (arrivals.Count is 0 or > MaxJobs) throw new ArgumentException($"a run has 1 to {MaxJobs} uploads; this one has {arrivals.Count}");
        if (arrivals[^1].At > MaxDuration) throw new ArgumentException($"a run lasts at most {MaxDuration.TotalMinutes} minutes");

        var options = new RunOptions
        {
            Scenario = scenario,
            Arrivals = arrivals,
            Concurrency = concurrency,
            Url = o.Text("url") is { } url ? new Uri(url) : new Uri("http://127.0.0.1:5000"),
            ImagesFolder = o.Text("images"),
            Megapixels = o.Text("sizes") is { } sizes
                ? sizes.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList() : [1],
            Operations = o.Text("operations"),
            Deadline = o.Duration("deadline", TimeSpan.FromSeconds(60)),
            Rabbit = o.Text("rabbit") is { } rabbit ? new Uri(rabbit) : null,
            Queue = o.Text("queue") ?? "process-image",
            OutputFolder = o.Text("out") ?? "loadtest-results",
            Label = o.Text("label"),
            Live = !o.Flag("quiet"),
            Command = "loadtest " + string.Join(' ', args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)),
        };
        o.ThrowIfUnused();
        if (options.Deadline > MaxDuration) throw new ArgumentException("--deadline is at most an hour");
        if (options.Megapixels.Any(mp => mp is <= 0 or > 50)) throw new ArgumentException("--sizes are megapixels, 0 to 50");
        return options;
    }

    public const string Usage = """
        usage:
          loadtest bulk  --count N --concurrency C         N uploads, at most C in flight
          loadtest burst --size S --bursts B --interval T  B spikes of S uploads, T apart
          loadtest rate  --rps R --duration D              R uploads per second for D (open model)
          loadtest analyze FILE.json... [--out DIR]        compare runs in one table and plot
        options:
          --url URL           the API (http://127.0.0.1:5000)
          --sizes 0.3,1,12    generated JPEG sizes in megapixels, used in turn (1)
          --images DIR        upload the images in DIR instead
          --operations SPEC   e.g. resize:320x320,grayscale (the API's default when absent)
          --deadline T        how long after the last upload a job may finish before it counts as lost (60s)
          --rabbit URL        RabbitMQ management API for queue depth, e.g. http://guest:guest@127.0.0.1:15672
          --queue NAME        the queue to watch (process-image)
          --out DIR           where results go (loadtest-results)
          --label TEXT        the run's name in reports and in analyze (e.g. "2 workers")
          --quiet             no live display, one progress line every 5 s
        durations: 30, 30s, 500ms, 2m, 1h
        """;
}
