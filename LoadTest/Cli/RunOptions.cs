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
    /// <summary>Sent as X-Api-Key with every request when the Api runs in ApiKey mode.</summary>
    public string? ApiKey { get; init; }
    public string? ImagesFolder { get; init; }
    public IReadOnlyList<double> Megapixels { get; init; } = [1];
    public string? Operations { get; init; }
    /// <summary>How long after the last upload a job may take before it counts as lost.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(60);
    public Uri? Rabbit { get; init; }
    public string Queue { get; init; } = "process-image";
    public string OutputFolder { get; init; } = "loadtest-results";
    public string? Label { get; init; }
    /// <summary>The plots' title: what the reader should look at.</summary>
    public string? Title { get; init; }
    /// <summary>An events file (<c>scripts/lab.sh mark</c>) whose lines become labelled vertical lines on the plots.</summary>
    public string? Marks { get; init; }
    public bool Live { get; init; } = true;
    public string Command { get; init; } = "";

    /// <param name="args">The command line as typed, kept in the results so a run can be repeated.</param>
    /// <exception cref="ArgumentException">With a message a person can act on.</exception>
    public static RunOptions From(string scenario, RunSettings settings, IReadOnlyList<string> args)
    {
        var (arrivals, concurrency) = settings.Schedule();
        if (arrivals.Count is 0 or > MaxJobs) throw new ArgumentException($"a run has 1 to {MaxJobs} uploads; this one has {arrivals.Count}");
        if (arrivals[^1].At > MaxDuration) throw new ArgumentException($"a run lasts at most {MaxDuration.TotalMinutes} minutes");

        var options = new RunOptions
        {
            Scenario = scenario,
            Arrivals = arrivals,
            Concurrency = concurrency,
            Url = ParseUrl("--url", settings.Url),
            ApiKey = settings.ApiKey ?? Environment.GetEnvironmentVariable("QUEUES_API_KEY"),
            ImagesFolder = settings.Images,
            Megapixels = settings.Sizes.Split(',').Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var mp)
                ? mp : throw new ArgumentException($"--sizes are megapixels separated by commas, e.g. 0.3,1,12; got '{settings.Sizes}'")).ToList(),
            Operations = settings.Operations,
            Deadline = Durations.Parse(settings.Deadline),
            Rabbit = settings.Rabbit is { } rabbit ? ParseUrl("--rabbit", rabbit) : null,
            Queue = settings.Queue,
            OutputFolder = settings.Out,
            Label = settings.Label,
            Title = settings.Title,
            Marks = settings.Marks,
            Live = !settings.Quiet,
            Command = "loadtest " + string.Join(' ', args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)),
        };
        if (options.Deadline > MaxDuration) throw new ArgumentException("--deadline is at most an hour");
        if (options.Megapixels.Any(mp => mp is <= 0 or > 50)) throw new ArgumentException("--sizes are megapixels, 0 to 50");
        return options;
    }

    static Uri ParseUrl(string name, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new ArgumentException($"{name} takes an http(s) URL, e.g. http://127.0.0.1:5000; got '{text}'");
}
