using System.ComponentModel;
using Queues.LoadTest.Scheduling;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Queues.LoadTest.Cli;

/// <summary>
/// The options every run takes. Durations, sizes and URLs stay text so a mistake is refused with
/// <see cref="RunOptions.From"/>'s message; <see cref="Validate"/> refuses it before anything is sent.
/// </summary>
public abstract class RunSettings : CommandSettings
{
    [CommandOption("--url <URL>"), Description("The API."), DefaultValue("http://127.0.0.1:5000")]
    public string Url { get; init; } = "http://127.0.0.1:5000";

    [CommandOption("--api-key <KEY>"), Description("API key for an Api in ApiKey mode (sent as X-Api-Key); default: $QUEUES_API_KEY.")]
    public string? ApiKey { get; init; }

    [CommandOption("--sizes <MEGAPIXELS>"), Description("Generated JPEG sizes in megapixels, used in turn, e.g. 0.3,1,12."), DefaultValue("1")]
    public string Sizes { get; init; } = "1";

    [CommandOption("--images <DIR>"), Description("Upload the images in DIR instead of generated ones.")]
    public string? Images { get; init; }

    [CommandOption("--operations <SPEC>"), Description("e.g. resize:320x320,grayscale (the API's default when absent).")]
    public string? Operations { get; init; }

    [CommandOption("--deadline <T>"), Description("How long after the last upload a job may finish before it counts as lost."), DefaultValue("60s")]
    public string Deadline { get; init; } = "60s";

    [CommandOption("--rabbit <URL>"), Description("RabbitMQ management API for queue depth, e.g. http://guest:guest@127.0.0.1:15672.")]
    public string? Rabbit { get; init; }

    [CommandOption("--queue <NAME>"), Description("The queue to watch."), DefaultValue("process-image")]
    public string Queue { get; init; } = "process-image";

    [CommandOption("--out <DIR>"), Description("Where results go."), DefaultValue("loadtest-results")]
    public string Out { get; init; } = "loadtest-results";

    [CommandOption("--label <TEXT>"), Description("The run's name in reports and in analyze, e.g. \"2 workers\".")]
    public string? Label { get; init; }

    [CommandOption("--title <TEXT>"), Description("The plots' title: what to look at, e.g. \"worker-1 killed at the dashed line: none lost\".")]
    public string? Title { get; init; }

    [CommandOption("--marks <FILE>"), Description("Events to draw on the plots: lines 'UNIX_SECONDS LABEL' (scripts/lab.sh mark FILE LABEL).")]
    public string? Marks { get; init; }

    [CommandOption("--quiet"), Description("No live display: one progress line every 5 s.")]
    public bool Quiet { get; init; }

    /// <summary>The uploads and how many may be in flight at once (0: no limit, the open model).</summary>
    public abstract (IReadOnlyList<Arrival> Arrivals, int Concurrency) Schedule();

    public override ValidationResult Validate()
    {
        try
        {
            RunOptions.From("", this, []);
            return ValidationResult.Success();
        }
        catch (ArgumentException e)
        {
            return ValidationResult.Error(e.Message);
        }
    }
}

public sealed class BulkSettings : RunSettings
{
    [CommandOption("--count <N>"), Description("Uploads in all."), DefaultValue(100)]
    public int Count { get; init; } = 100;

    [CommandOption("--concurrency <C>"), Description("At most C uploads in flight (0: no limit)."), DefaultValue(8)]
    public int Concurrency { get; init; } = 8;

    public override (IReadOnlyList<Arrival>, int) Schedule() => (ArrivalSchedule.Bulk(Count), Concurrency);
}

public sealed class BurstSettings : RunSettings
{
    [CommandOption("--size <S>"), Description("Uploads in each spike."), DefaultValue(20)]
    public int Size { get; init; } = 20;

    [CommandOption("--bursts <B>"), Description("Spikes in all."), DefaultValue(3)]
    public int Bursts { get; init; } = 3;

    [CommandOption("--interval <T>"), Description("Time between spikes."), DefaultValue("10s")]
    public string Interval { get; init; } = "10s";

    public override (IReadOnlyList<Arrival>, int) Schedule() => (ArrivalSchedule.Burst(Size, Bursts, Durations.Parse(Interval)), 0);
}

public sealed class RateSettings : RunSettings
{
    [CommandOption("--rps <R>"), Description("Uploads per second, whether or not earlier ones have answered."), DefaultValue(1.0)]
    public double Rps { get; init; } = 1;

    [CommandOption("--duration <D>"), Description("How long to keep sending."), DefaultValue("30s")]
    public string Duration { get; init; } = "30s";

    public override (IReadOnlyList<Arrival>, int) Schedule() => (ArrivalSchedule.Rate(Rps, Durations.Parse(Duration)), 0);
}
