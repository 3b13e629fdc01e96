namespace Queues.Api.Jobs;

/// <summary>Section "Jobs": how long a job handed back by its worker (storage or network down) keeps being tried, and when a job no worker holds is sent again.</summary>
public sealed class JobsOptions
{
    /// <summary>Hand-backs before the job fails as Transient. With the delays below: about 7 minutes in all.</summary>
    public int DeferLimit { get; set; } = 10;

    /// <summary>The first delay; each further one doubles, up to <see cref="DeferMaxMilliseconds"/>.</summary>
    public int DeferMinMilliseconds { get; set; } = 5_000;

    public int DeferMaxMilliseconds { get; set; } = 60_000;

    /// <summary>A Processing job its live worker has not listed in its heartbeats for this long is sent again (<see cref="JobWatchdog"/>).</summary>
    public int OrphanAfterSeconds { get; set; } = 60;

    public TimeSpan DelayAfter(int deferrals) =>
        TimeSpan.FromMilliseconds(Math.Min(DeferMaxMilliseconds, DeferMinMilliseconds * Math.Pow(2, Math.Min(deferrals, 30))));
}
