using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Queues.Api.Jobs;

namespace Queues.Tests.Api.Schema;

/// <summary>
/// The jobs model as released at 18b6bab (`git show 18b6bab:Api/Jobs/JobsDbContext.cs` and `…/ImageJob.cs`), the last
/// schema made by EnsureCreated alone: no FailureKind, no migrations history. Running it with EnsureCreated makes the
/// exact table those releases made, on either provider.
/// </summary>
public sealed class OldJob
{
    public Guid Id { get; set; }
    public JobState State { get; set; }
    public required string OriginalKey { get; set; }
    public string? OriginalFileName { get; set; }
    public required string OriginalContentType { get; set; }
    public long OriginalSizeBytes { get; set; }
    public int OriginalWidth { get; set; }
    public int OriginalHeight { get; set; }
    public required string[] Operations { get; set; }
    public required string OutputFormat { get; set; }
    public int Quality { get; set; }
    public int Attempts { get; set; }
    public string? WorkerId { get; set; }
    public DateTime QueuedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public double? ProcessingMs { get; set; }
    public string? ResultKey { get; set; }
    public string? ResultContentType { get; set; }
    public int? ResultWidth { get; set; }
    public int? ResultHeight { get; set; }
    public long? ResultSizeBytes { get; set; }
    public string? FailureReason { get; set; }
    public DateTime? PublishedAt { get; set; }
    public Guid? DispatchLeaseOwner { get; set; }
    public DateTime? DispatchLeaseUntil { get; set; }
    public string? TraceParent { get; set; }
}

public sealed class OldJobsDbContext(DbContextOptions<OldJobsDbContext> options) : DbContext(options)
{
    public DbSet<OldJob> Jobs => Set<OldJob>();

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions) =>
        conventions.Properties<DateTime>().HaveConversion<UtcConverter>();

    sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder model)
    {
        var job = model.Entity<OldJob>();
        job.ToTable("jobs");
        job.Property(j => j.State).HasConversion<string>().HasMaxLength(16);
        job.Property(j => j.OriginalKey).HasMaxLength(200);
        job.Property(j => j.OriginalFileName).HasMaxLength(255);
        job.Property(j => j.OutputFormat).HasMaxLength(8);
        job.Property(j => j.TraceParent).HasMaxLength(64);
        job.HasIndex(j => new { j.State, j.QueuedAt });
        job.HasIndex(j => j.QueuedAt);
        job.HasIndex(j => new { j.PublishedAt, j.State });
    }

    public static OldJobsDbContext Open(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<OldJobsDbContext>();
        if (provider == DatabaseProvider.Postgres) options.UseNpgsql(connectionString);
        else options.UseSqlite(connectionString);
        return new OldJobsDbContext(options.Options);
    }
}
