using System.Diagnostics.Metrics;
using Queues.Imaging;

namespace Queues.Api.Observability;

/// <summary>Counts uploads accepted by this Api; completion and failure counts are the notifier's.</summary>
public sealed class ApiMetrics
{
    public const string MeterName = "Queues.Api";
    readonly Counter<long> accepted;

    public ApiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        accepted = meter.CreateCounter<long>("queues.jobs.accepted", "{job}", "Uploads accepted and queued (202), by operation set.");
    }

    public void Accepted(string[] operationSpecs) =>
        accepted.Add(1, new KeyValuePair<string, object?>("operations", OperationParser.SetOf(operationSpecs)));
}
