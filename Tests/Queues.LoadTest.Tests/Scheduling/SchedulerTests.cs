using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Queues.LoadTest.Scheduling;

namespace Queues.LoadTest.Tests.Scheduling;

/// <summary>
/// The scheduler on a fake clock: the test moves time to each arrival and waits for the send that is then due to
/// start, so what is checked (how many sends start, when, whether they wait for each other) never depends on how
/// busy the machine is.
/// </summary>
public sealed class SchedulerTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_open_model_run_at_R_rps_for_D_seconds_sends_R_times_D_without_waiting_for_answers()
    {
        var clock = new FakeTimeProvider();
        var started = new SemaphoreSlim(0);
        var arrivals = ArrivalSchedule.Rate(25, TimeSpan.FromSeconds(2));

        // Every "response" takes 0.5 s of the fake clock: a closed loop would send far fewer in 2 s and never overlap them.
        var run = new Scheduler(clock).RunAsync(arrivals, 0, async (_, token) =>
        {
            started.Release();
            await Task.Delay(TimeSpan.FromMilliseconds(500), clock, token);
        }, CancellationToken.None);
        await DriveAsync(clock, arrivals, started);
        clock.Advance(TimeSpan.FromSeconds(1)); // the last answers
        var outcome = await run.WaitAsync(Patience);

        outcome.Started.ShouldBe(50);
        // 500 ms answers, one arrival every 40 ms: 13 out at once when nobody waits for an answer.
        outcome.PeakInFlight.ShouldBeGreaterThanOrEqualTo(12, "arrivals must not wait for earlier answers");
    }

    [Fact]
    public async Task Arrivals_start_in_schedule_order_and_not_before_they_are_due()
    {
        var clock = new FakeTimeProvider();
        var begin = clock.GetTimestamp();
        var arrivals = ArrivalSchedule.Burst(size: 3, bursts: 3, TimeSpan.FromMilliseconds(300));
        var started = new SemaphoreSlim(0);
        var starts = new ConcurrentQueue<(int Index, TimeSpan At)>();

        var run = new Scheduler(clock).RunAsync(arrivals, 0, (a, _) =>
        {
            starts.Enqueue((a.Index, clock.GetElapsedTime(begin)));
            started.Release();
            return Task.CompletedTask;
        }, CancellationToken.None);
        await DriveAsync(clock, arrivals, started);
        await run.WaitAsync(Patience);

        starts.Count.ShouldBe(9);
        var byIndex = starts.ToDictionary(s => s.Index, s => s.At);
        foreach (var a in arrivals) byIndex[a.Index].ShouldBeGreaterThanOrEqualTo(a.At, $"upload {a.Index} started early");
        starts.Select(s => s.At).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task A_bulk_run_keeps_at_most_C_uploads_in_flight()
    {
        var inFlight = 0;
        var peak = 0;
        var started = new SemaphoreSlim(0);
        var answers = new ConcurrentQueue<TaskCompletionSource>();

        // Each upload waits until the test answers it: the oldest is answered only once three are out.
        var run = new Scheduler(new FakeTimeProvider()).RunAsync(ArrivalSchedule.Bulk(20), 3, async (_, _) =>
        {
            InterlockedMax(ref peak, Interlocked.Increment(ref inFlight));
            var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            answers.Enqueue(answer);
            started.Release();
            await answer.Task;
            Interlocked.Decrement(ref inFlight);
        }, CancellationToken.None);
        for (var i = 0; i < 20; i++)
        {
            (await started.WaitAsync(Patience)).ShouldBeTrue($"upload {i} starts once a slot is free");
            if (i >= 2 && answers.TryDequeue(out var oldest)) oldest.SetResult();
        }
        while (answers.TryDequeue(out var answer)) answer.SetResult();
        var outcome = await run.WaitAsync(Patience);

        outcome.Started.ShouldBe(20);
        peak.ShouldBe(3, "three were always out at once, never more");
        outcome.PeakInFlight.ShouldBe(3);
    }

    /// <summary>Moves the clock to each arrival in turn and waits until its send has started.</summary>
    static async Task DriveAsync(FakeTimeProvider clock, IReadOnlyList<Arrival> arrivals, SemaphoreSlim started)
    {
        var now = TimeSpan.Zero;
        foreach (var a in arrivals)
        {
            if (a.At > now)
            {
                clock.Advance(a.At - now);
                now = a.At;
            }
            (await started.WaitAsync(Patience)).ShouldBeTrue($"upload {a.Index}, due at {a.At.TotalMilliseconds} ms, started once the clock got there");
        }
    }

    static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
