using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Queues.Api.Jobs;

/// <summary>
/// Several jobs with one end: open until every job in it has ended (<see cref="BatchRules"/>), then announced once
/// (<see cref="Contracts.BatchCompleted"/>) and told to its callbackUrl. Its counts are read live from its jobs, so a job
/// retried after the end shows its new state while the batch stays ended.
/// </summary>
public sealed class ImageBatch
{
    public Guid Id { get; set; }

    /// <summary>Whose batch: the creating key's tenant. Its jobs are that tenant's too.</summary>
    public string Tenant { get; set; } = Access.AccessOptions.DefaultTenant;
    public DateTime CreatedAt { get; set; }

    /// <summary>Null while open; set once, by the conditional UPDATE that found every job ended.</summary>
    public DateTime? FinishedAt { get; set; }

    /// <summary>Jobs added (less those deleted while open): the batch ends when this many of its jobs have ended.</summary>
    public int Total { get; set; }

    /// <summary>Where to POST <c>batch.completed</c>, besides the global webhook (checked like a job's).</summary>
    public string? CallbackUrl { get; set; }

    /// <summary>Null until <see cref="Contracts.BatchCompleted"/> was handed to the broker.</summary>
    public DateTime? NotifiedAt { get; set; }

    /// <summary>Which announcer holds the ended batch, and until when, so two Api replicas announce it once.</summary>
    public Guid? DispatchLeaseOwner { get; set; }
    public DateTime? DispatchLeaseUntil { get; set; }

    /// <summary>The batch's webhook as the notifier reported it, like a job's (<see cref="RecordWebhookAttemptConsumer"/>).</summary>
    public int WebhookAttempts { get; set; }
    public string? WebhookLastStatus { get; set; }
    public DateTime? WebhookLastAttemptAt { get; set; }
    public DateTime? WebhookDeliveredAt { get; set; }
}

/// <summary>The batches table, kept out of <see cref="JobsDbContext"/>'s own configuration so each table's model reads alone.</summary>
public static class ImageBatchModel
{
    /// <param name="tenantFilter">Written in the context, so that it reads the context's scope at query time (fails closed like the jobs').</param>
    public static void Configure(ModelBuilder model, Expression<Func<ImageBatch, bool>> tenantFilter)
    {
        var batch = model.Entity<ImageBatch>();
        batch.ToTable("batches");
        batch.Property(b => b.Tenant).HasMaxLength(64);
        batch.Property(b => b.CallbackUrl).HasMaxLength(Components.Notifications.WebhookOptions.MaxUrlLength);
        batch.Property(b => b.WebhookLastStatus).HasMaxLength(RecordWebhookAttemptConsumer.MaxStatusLength);
        // GET /batches pages a tenant's newest first; the ending loop reads the open ones, the announcer the ended unannounced.
        batch.HasIndex(b => new { b.Tenant, b.CreatedAt, b.Id });
        batch.HasIndex(b => b.FinishedAt);
        batch.HasIndex(b => new { b.NotifiedAt, b.FinishedAt });
        batch.HasQueryFilter(tenantFilter);

        var job = model.Entity<ImageJob>();
        // A batch's counts by state, and the ending rule's count of its ended jobs, from the index alone.
        job.HasIndex(j => new { j.BatchId, j.State });
    }
}
