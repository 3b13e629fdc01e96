using Queues.LoadTest.Scheduling;

namespace Queues.LoadTest.Tests.Scheduling;

public sealed class ArrivalScheduleTests
{
    [Theory]
    [InlineData(10, 3, 30)]
    [InlineData(1, 60, 60)]
    [InlineData(0.5, 7, 3)]
    [InlineData(33.3, 3, 99)]
    [InlineData(0.1, 30, 3)]
    public void A_rate_schedule_plans_R_times_D_uploads_evenly_spaced(double rps, double seconds, int expected)
    {
        var arrivals = ArrivalSchedule.Rate(rps, TimeSpan.FromSeconds(seconds));

        arrivals.Count.ShouldBe(expected);
        arrivals.Select(a => a.Index).ShouldBe(Enumerable.Range(0, expected));
        arrivals.ShouldAllBe(a => a.At < TimeSpan.FromSeconds(seconds));
        arrivals.Zip(arrivals.Skip(1), (a, b) => (b.At - a.At).TotalSeconds)
            .ShouldAllBe(gap => Math.Abs(gap - 1 / rps) < 1e-6);
    }

    [Fact]
    public void A_burst_schedule_plans_each_burst_at_once_one_interval_apart()
    {
        var arrivals = ArrivalSchedule.Burst(size: 4, bursts: 3, TimeSpan.FromSeconds(5));

        arrivals.Count.ShouldBe(12);
        arrivals.GroupBy(a => a.At).Select(g => (g.Key.TotalSeconds, g.Count()))
            .ShouldBe([(0.0, 4), (5.0, 4), (10.0, 4)]);
    }

    [Fact]
    public void A_bulk_schedule_plans_every_upload_at_zero()
    {
        var arrivals = ArrivalSchedule.Bulk(25);
        arrivals.Count.ShouldBe(25);
        arrivals.ShouldAllBe(a => a.At == TimeSpan.Zero);
    }
}
