using System.Diagnostics.Metrics;
using Queues.Imaging;

namespace Queues.Api.Observability;

/// <summary>Counts uploads accepted by this Api and the commands its outbox sent; completion and failure counts are the notifier's.</summary>
public sealed class ApiMetrics
{
    public const string MeterName = "Queues.Api";
    readonly Counter<long> accepted, dispatched;

    public ApiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        accepted = meter.CreateCounter<long>("queues.jobs.accepted", "{job}", "Uploads accepted and queued (202), by operation set.");
        dispatched = meter.CreateCounter<long>("queues.jobs.dispatched", "{message}", "ProcessImage commands this replica's outbox handed to the broker.");
    }

    public void Accepted(string[] operationSpecs) =>
        accepted.Add(1, new KeyValuePair<string, object?>("operations", OperationParser.SetOf(operationSpecs)));

    /// <summary>Sends, not jobs: a job the watchdog or a retry sends again counts again, which is what a test of "one send per job" reads.</summary>
    public void Dispatched(int count) => dispatched.Add(count);
}
