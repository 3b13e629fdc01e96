using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.Api.Jobs;

/// <summary>Section "Timeline": each job's events (<see cref="JobTimeline"/>), written in batches by <see cref="TimelineWriter"/>.</summary>
public sealed class TimelineOptions
{
    /// <summary>Off: nothing is recorded, GET /jobs/{id}/timeline shows no events (the per-job cost without it, to compare).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The writer inserts what it holds this often, or sooner once it holds <see cref="BatchSize"/> events.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Events kept per job. Past it the oldest go, except the job's first (its acceptance, which the others' times are
    /// relative to): a job that ran many times keeps how it began and how it ended.
    /// </summary>
    [Range(2, 10_000)]
    public int MaxEventsPerJob { get; set; } = 50;

    /// <summary>
    /// Events waiting for the writer. When full (the database far behind), new events are dropped rather than making
    /// a job wait: a timeline is worth less than the job it describes.
    /// </summary>
    [Range(10, 1_000_000)]
    public int Capacity { get; set; } = 20_000;
}

[OptionsValidator]
public sealed partial class TimelineOptionsValidator : IValidateOptions<TimelineOptions>;
