using System.Collections.Concurrent;
using System.Diagnostics;
using Queues.LoadTest.Scheduling;

namespace Queues.LoadTest.Tests.Scheduling;

/// <summary>Short real runs (about two seconds each): what matters is how many sends start and whether they
/// wait for each other, never how fast anything is.</summary>
public sealed class SchedulerTests
{
    [Fact]
    public async Task An_open_model_run_at_R_rps_for_D_seconds_sends_R_times_D_without_waiting_for_answers()
    {
        const double rps = 25, seconds = 2;
        var starts = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();

        // Every "response" takes 0.5 s: a closed loop would send far fewer in 2 s and never overlap them.
        var outcome = await new Scheduler(TimeProvider.System).RunAsync(ArrivalSchedule.Rate(rps, TimeSpan.FromSeconds(seconds)), 0,
            async (_, token) =>
            {
                starts.Add(clock.Elapsed.TotalSeconds);
                await Task.Delay(500, token);
            }, CancellationToken.None);

        outcome.Started.ShouldBeInRange((int)(rps * seconds) - 1, (int)(rps * seconds) + 1);
        starts.Count.ShouldBe(outcome.Started);
        outcome.PeakInFlight.ShouldBeGreaterThan(1, "arrivals must not wait for earlier answers");
    }

    [Fact]
    public async Task Arrivals_start_in_schedule_order_and_not_before_they_are_due()
    {
        var arrivals = ArrivalSchedule.Burst(size: 3, bursts: 3, TimeSpan.FromMilliseconds(300));
        var started = new ConcurrentDictionary<int, double>();
        var clock = Stopwatch.StartNew();

        await new Scheduler(TimeProvider.System).RunAsync(arrivals, 0, (a, _) =>
        {
            started[a.Index] = clock.Elapsed.TotalMilliseconds;
            return Task.CompletedTask;
        }, CancellationToken.None);

        started.Count.ShouldBe(9);
        foreach (var a in arrivals) started[a.Index].ShouldBeGreaterThanOrEqualTo(a.At.TotalMilliseconds - 1);
    }

    [Fact]
    public async Task A_bulk_run_keeps_at_most_C_uploads_in_flight()
    {
        var inFlight = 0;
        var peak = 0;
        var outcome = await new Scheduler(TimeProvider.System).RunAsync(ArrivalSchedule.Bulk(20), 3, async (_, token) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(20, token);
            Interlocked.Decrement(ref inFlight);
        }, CancellationToken.None);

        outcome.Started.ShouldBe(20);
        peak.ShouldBeLessThanOrEqualTo(3);
        outcome.PeakInFlight.ShouldBeLessThanOrEqualTo(3);
    }

    static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
