namespace Queues.Api.Jobs;

/// <summary>Section "Jobs": how many sent jobs may wait in the broker; how long a job handed back by its worker keeps being tried; when a job no worker holds is sent again.</summary>
public sealed class JobsOptions
{
    /// <summary>
    /// At most this many jobs sent and not yet started (0: no limit). The outbox sends high priorities first, but the broker
    /// queue is first-in first-out: a small limit keeps the backlog in the jobs table, where priority orders it, so a
    /// high job waits behind at most this many. Set it a little above the workers' total prefetch.
    /// </summary>
    public int MaxWaitingInBroker { get; set; }

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
