namespace Queues.LoadTest.Scheduling;

/// <summary>One planned upload: its position in the run and when it is due, relative to the start.</summary>
public sealed record Arrival(int Index, TimeSpan At);

/// <summary>
/// When each upload is due. For <c>rate</c> and <c>burst</c> the plan is fixed before the run starts, so the
/// arrival of work does not depend on how fast the system answers (an open model); <c>bulk</c> puts every
/// upload at zero and lets a concurrency limit pace them.
/// </summary>
public static class ArrivalSchedule
{
    /// <summary>R uploads per second for D seconds, evenly spaced: floor(R × D) arrivals.</summary>
    public static IReadOnlyList<Arrival> Rate(double perSecond, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        // The epsilon keeps 0.1 × 30 from becoming 2.9999… and losing an arrival.
        var count = (int)Math.Floor(perSecond * duration.TotalSeconds + 1e-9);
        return Enumerable.Range(0, count).Select(i => new Arrival(i, TimeSpan.FromSeconds(i / perSecond))).ToList();
    }

    /// <summary>B bursts of S uploads, one burst every T; the uploads of a burst are all due at once.</summary>
    public static IReadOnlyList<Arrival> Burst(int size, int bursts, TimeSpan interval) =>
        Enumerable.Range(0, size * bursts).Select(i => new Arrival(i, interval * (i / size))).ToList();

    /// <summary>N uploads, all due at once; the caller's concurrency limit sets the pace.</summary>
    public static IReadOnlyList<Arrival> Bulk(int count) =>
        Enumerable.Range(0, count).Select(i => new Arrival(i, TimeSpan.Zero)).ToList();
}
