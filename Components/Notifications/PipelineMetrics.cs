using System.Diagnostics.Metrics;
using Queues.Contracts;
using Queues.Imaging;

namespace Queues.Components.Notifications;

/// <summary>Counts and latency distributions of finished jobs, exported on /metrics (Prometheus).</summary>
public sealed class PipelineMetrics
{
    public const string MeterName = "Queues.Pipeline";

    readonly Counter<long> completed, failed, operations;
    readonly Histogram<double> processing, endToEnd;

    public PipelineMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        completed = meter.CreateCounter<long>("queues.jobs.completed", "{job}", "Jobs that produced a result.");
        failed = meter.CreateCounter<long>("queues.jobs.failed", "{job}", "Jobs that ended Failed, by failure kind.");
        operations = meter.CreateCounter<long>("queues.operations.processed", "{operation}", "Operations applied in completed jobs, by operation.");
        processing = meter.CreateHistogram<double>("queues.job.processing.duration", "ms", "Time a worker spent on the image.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        endToEnd = meter.CreateHistogram<double>("queues.job.end_to_end.duration", "ms", "From upload accepted to result stored.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
    }

    static readonly double[] LatencyBuckets = [5, 10, 25, 50, 75, 100, 150, 250, 500, 750, 1000, 2500, 5000, 10000, 30000, 60000];

    public void Completed(string worker, string[] operationSpecs, double processingMs, double endToEndMs)
    {
        var set = OperationParser.SetOf(operationSpecs);
        completed.Add(1, new("worker", worker), new("operations", set));
        processing.Record(processingMs, new("worker", worker), new("operations", set));
        endToEnd.Record(endToEndMs, new("worker", worker), new("operations", set));
        foreach (var name in operationSpecs.Select(OperationParser.NameOf)) operations.Add(1, new KeyValuePair<string, object?>("operation", name));
    }

    public void Failed(FailureKind kind, string[] operationSpecs) =>
        failed.Add(1, new("reason", kind.ToString()), new("operations", OperationParser.SetOf(operationSpecs)));
}
