using System.Diagnostics.Metrics;
using Queues.Api.Observability;

namespace Queues.Api.Jobs;

/// <summary>What the retention sweeps deleted on this replica: queues_retention_deleted_total and queues_retention_objects_deleted_total.</summary>
public sealed class RetentionMetrics
{
    public const string DeletedJobs = "queues.retention.deleted";
    public const string DeletedObjects = "queues.retention.objects_deleted";
    readonly Counter<long> jobs, objects;

    public RetentionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ApiMetrics.MeterName);
        jobs = meter.CreateCounter<long>(DeletedJobs, "{job}", "Finished jobs deleted by the retention sweep (Retention:MaxAge).");
        objects = meter.CreateCounter<long>(DeletedObjects, "{object}", "Stored objects (original, preview, results) deleted with them.");
    }

    public void Deleted(int objectCount)
    {
        jobs.Add(1);
        objects.Add(objectCount);
    }
}
