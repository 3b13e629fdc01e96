using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Queues.Tests.Support;

/// <summary>
/// Instruments read as measurements, not as Prometheus text. Meters are process-wide, but every app creates its
/// meters from its own <see cref="IMeterFactory"/>; a collector bound to that factory hears this app only, so a
/// count is exact however many apps run beside it.
/// </summary>
public static class MetricReadings
{
    public static MetricCollector<T> Collect<T>(this StandaloneApp app, string meterName, string instrumentName) where T : struct =>
        new(app.Services.GetRequiredService<IMeterFactory>(), meterName, instrumentName);

    /// <summary>The sum of every measurement so far whose tags include all of <paramref name="tags"/>.</summary>
    public static double Sum<T>(this MetricCollector<T> collector, params (string Key, object? Value)[] tags) where T : struct =>
        Matching(collector.GetMeasurementSnapshot(), tags).Sum(m => Convert.ToDouble(m.Value));

    public static int Count<T>(this MetricCollector<T> collector, params (string Key, object? Value)[] tags) where T : struct =>
        Matching(collector.GetMeasurementSnapshot(), tags).Count();

    /// <summary>Reads an observable gauge now: the value it reports for the tags, or null if it reports none.</summary>
    public static double? Observe<T>(this MetricCollector<T> gauge, params (string Key, object? Value)[] tags) where T : struct
    {
        gauge.RecordObservableInstruments();
        var reading = Matching(gauge.GetMeasurementSnapshot(clear: true), tags).LastOrDefault();
        return reading is null ? null : Convert.ToDouble(reading.Value);
    }

    static IEnumerable<CollectedMeasurement<T>> Matching<T>(IEnumerable<CollectedMeasurement<T>> measurements, (string Key, object? Value)[] tags)
        where T : struct =>
        measurements.Where(m => tags.All(t => m.Tags.TryGetValue(t.Key, out var value) && Equals(value, t.Value)));
}
