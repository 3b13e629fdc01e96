using System.Diagnostics.Metrics;
using Queues.Api.Observability;

namespace Queues.Api.Processing;

/// <summary>queues_processing_paused: 1 while paused, 0 while running, as this replica last read the database; absent before its first read.</summary>
public sealed class ProcessingGauge
{
    volatile object? paused;

    public ProcessingGauge(IMeterFactory meters) =>
        meters.Create(ApiMetrics.MeterName).CreateObservableGauge("queues.processing.paused",
            () => paused is bool value ? [new Measurement<int>(value ? 1 : 0)] : Array.Empty<Measurement<int>>(), "{state}",
            "1 while an operator has paused processing (workers take no new jobs), 0 while it runs.");

    public void Set(bool value) => paused = value;
}
