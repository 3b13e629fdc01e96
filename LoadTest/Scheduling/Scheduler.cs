namespace Queues.LoadTest.Scheduling;

/// <summary>
/// Starts each arrival when it is due, without waiting for earlier ones to answer (unless a concurrency
/// limit is given, as in <c>bulk</c>). How late each start was is reported, so a client that cannot keep up
/// with its own schedule shows it instead of silently sending less.
/// </summary>
public sealed class Scheduler(TimeProvider clock)
{
    public sealed record Outcome(int Started, int PeakInFlight, TimeSpan MaxLag);

    /// <param name="concurrency">At most this many sends at once; 0 means no limit (open model).</param>
    public async Task<Outcome> RunAsync(IReadOnlyList<Arrival> arrivals, int concurrency,
        Func<Arrival, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var start = clock.GetTimestamp();
        using var slots = concurrency > 0 ? new SemaphoreSlim(concurrency) : null;
        var running = new List<Task>(arrivals.Count);
        int inFlight = 0, peak = 0, started = 0;
        var maxLag = TimeSpan.Zero;

        foreach (var arrival in arrivals.OrderBy(a => a.At))
        {
            var wait = arrival.At - clock.GetElapsedTime(start);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, cancellationToken);
            if (slots is not null) await slots.WaitAsync(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            // In bulk every arrival is due at zero: waiting for a slot is the pace, not lag.
            var lag = clock.GetElapsedTime(start) - arrival.At;
            if (slots is null && lag > maxLag) maxLag = lag;
            peak = Math.Max(peak, Interlocked.Increment(ref inFlight));
            started++;
            running.Add(SendAsync(arrival));
        }
        await Task.WhenAll(running);
        return new Outcome(started, peak, maxLag);

        async Task SendAsync(Arrival arrival)
        {
            await Task.Yield(); // never let a send run synchronously inside the schedule loop
            try
            {
                await send(arrival, cancellationToken); // records its own HTTP errors; anything else is a bug
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
                slots?.Release();
            }
        }
    }
}
