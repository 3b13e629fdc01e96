using Microsoft.EntityFrameworkCore;

namespace Queues.Api.Jobs;

/// <summary>
/// One thing that happened to a job, where (<see cref="Source"/>) and when: a row of its timeline (GET /jobs/{id}/timeline).
/// Written after the fact and in batches (<see cref="TimelineWriter"/>), so it has no foreign key to its job: a job deleted
/// meanwhile must not fail the batch of every other job. Its events go where the job goes (<see cref="JobTransitions.DeleteAsync"/>).
/// </summary>
public sealed class JobEvent
{
    public const int MaxKindLength = 16;
    public const int MaxSourceLength = 100;
    public const int MaxDetailLength = 600;

    /// <summary>Generated in insert order: the order a job's events were written in, and what the per-job limit trims by.</summary>
    public long Id { get; set; }
    public Guid JobId { get; set; }
    public DateTime At { get; set; }
    /// <summary>One of <see cref="JobEventKinds"/>.</summary>
    public required string Kind { get; set; }
    /// <summary>The Api replica, worker or notifier it happened on.</summary>
    public required string Source { get; set; }
    /// <summary>Compact JSON object (<see cref="JobEventDetail"/>): what a person needs to read the event, no more.</summary>
    public string? Detail { get; set; }

    /// <summary>Called from <see cref="JobsDbContext"/>: the table, its bounds and the one index a timeline reads.</summary>
    public static void Configure(ModelBuilder model)
    {
        var e = model.Entity<JobEvent>();
        e.ToTable("job_events");
        e.Property(x => x.Id).ValueGeneratedOnAdd();
        e.Property(x => x.Kind).HasMaxLength(MaxKindLength);
        e.Property(x => x.Source).HasMaxLength(MaxSourceLength);
        e.Property(x => x.Detail).HasMaxLength(MaxDetailLength);
        e.HasIndex(x => new { x.JobId, x.Id });
    }
}

public static class JobEventsTable
{
    /// <summary>The job_events table (not a DbSet on the context, so the model is configured in one line there).</summary>
    public static DbSet<JobEvent> JobEvents(this JobsDbContext db) => db.Set<JobEvent>();
}

/// <summary>What <see cref="JobEvent.Kind"/> can say; docs/api.md explains each.</summary>
public static class JobEventKinds
{
    public const string Accepted = "accepted";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Retried = "retried";
    public const string Progress = "progress";
    public const string HandedBack = "handed-back";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Requeued = "requeued";
    public const string Orphaned = "orphaned";
    public const string Announced = "announced";
    public const string Webhook = "webhook";
}
