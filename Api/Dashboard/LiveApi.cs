using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Queues.Api.Access;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Dashboard;

/// <summary>
/// One moment of the live charts. <see cref="Ready"/> and <see cref="Unacked"/> are the process-image queue's (standalone: jobs
/// Queued and Processing), null while they cannot be read (the broker is down); the rate and p95 are over the last
/// <see cref="LiveSampler.RateWindow"/>, null p95 when nothing completed in it.
/// </summary>
public sealed record LiveSample(DateTime At, long? Ready, long? Unacked, int WorkersOnline, double CompletedPerSecond, double? P95EndToEndMs);

/// <param name="DepthSource">"rabbitmq" (the broker's counts) or "jobs-table" (standalone: the in-memory bus cannot be asked).</param>
public sealed record LiveCharts(double IntervalSeconds, double WindowSeconds, double RateWindowSeconds, string DepthSource,
    IReadOnlyList<LiveSample> Samples);

/// <summary>The samples of the last <see cref="DashboardOptions.LiveWindow"/>, oldest first, in this replica's memory.</summary>
public sealed class LiveSeries(TimeProvider clock, IOptions<DashboardOptions> options)
{
    readonly Queue<LiveSample> samples = new();
    readonly Lock gate = new();
    long watchedAtTicks = DateTime.MinValue.Ticks;

    /// <summary>A dashboard read the charts now: sampling goes on for a <see cref="DashboardOptions.LiveWindow"/> after.</summary>
    public void Watched() => Interlocked.Exchange(ref watchedAtTicks, clock.GetUtcNow().UtcTicks);

    /// <summary>Whether a dashboard read the charts within the last <see cref="DashboardOptions.LiveWindow"/>.</summary>
    public bool IsWatched => clock.GetUtcNow().UtcTicks - Interlocked.Read(ref watchedAtTicks) <= options.Value.LiveWindow.Ticks;

    public void Add(LiveSample sample)
    {
        var oldest = clock.GetUtcNow().UtcDateTime - options.Value.LiveWindow;
        lock (gate)
        {
            samples.Enqueue(sample);
            while (samples.Peek().At < oldest) samples.Dequeue();
        }
    }

    public IReadOnlyList<LiveSample> All()
    {
        lock (gate) return samples.ToList();
    }
}

/// <summary>
/// GET /live: the dashboard's live charts. Sampled on the server, not in the browser, so a page opened after an action
/// (or reloaded on the projector) still shows the minutes before it, and every replica draws the same figures.
/// </summary>
public static class LiveApi
{
    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder app)
    {
        app.MapGet("/live", Get).WithTags("Dashboard")
            .WithSummary("The live charts: process-image depth (ready, unacked), completions/s, workers online and p95 end-to-end, "
                + "sampled every Dashboard:LiveSampleInterval over the last Dashboard:LiveWindow, oldest first").OperatorOnly();
        return app;
    }

    static Ok<LiveCharts> Get(LiveSeries series, IOptions<DashboardOptions> options, IOptions<BusOptions> bus)
    {
        series.Watched();
        return TypedResults.Ok(new LiveCharts(options.Value.LiveSampleInterval.TotalSeconds, options.Value.LiveWindow.TotalSeconds,
            LiveSampler.RateWindow.TotalSeconds, bus.Value.IsInMemory ? "jobs-table" : "rabbitmq", series.All()));
    }
}
