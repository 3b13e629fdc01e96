using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.Api.Jobs;

/// <summary>Section "Jobs": how many sent jobs may wait in the broker; how long a job handed back by its worker keeps being tried; when a job no worker holds is sent again.</summary>
public sealed class JobsOptions : IValidatableObject
{
    /// <summary>
    /// At most this many jobs sent and not yet started (0: no limit). The outbox sends high priorities first, but the broker
    /// queue is first-in first-out: a small limit keeps the backlog in the jobs table, where priority orders it, so a
    /// high job waits behind at most this many. Set it a little above the workers' total prefetch.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxWaitingInBroker { get; set; }

    /// <summary>Hand-backs before the job fails as Transient. With the delays below: about 7 minutes in all.</summary>
    [Range(0, 1000)]
    public int DeferLimit { get; set; } = 10;

    /// <summary>The first delay; each further one doubles, up to <see cref="DeferMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan DeferMinDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan DeferMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A Processing job its live worker has not listed in its heartbeats for this long is sent again (<see cref="JobWatchdog"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan OrphanAfter { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan DelayAfter(int deferrals) =>
        TimeSpan.FromTicks((long)Math.Min(DeferMaxDelay.Ticks, DeferMinDelay.Ticks * Math.Pow(2, Math.Min(deferrals, 30))));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DeferMaxDelay < DeferMinDelay)
            yield return new ValidationResult($"{nameof(DeferMaxDelay)} must be at least {nameof(DeferMinDelay)}", [nameof(DeferMaxDelay)]);
    }
}

[OptionsValidator]
public sealed partial class JobsOptionsValidator : IValidateOptions<JobsOptions>;
