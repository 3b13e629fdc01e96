using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Queues.Api.Jobs;

/// <summary>
/// The jobs model. The app always runs a provider's subclass (<see cref="Migrations.SqliteJobsDbContext"/>,
/// <see cref="Migrations.PostgresJobsDbContext"/>), each with its own migrations; code asks for this type.
/// </summary>
public class JobsDbContext : DbContext
{
    public JobsDbContext(DbContextOptions<JobsDbContext> options) : base(options) { }

    protected JobsDbContext(DbContextOptions options) : base(options) { }

    public DbSet<ImageJob> Jobs => Set<ImageJob>();

    // SQLite keeps no time zone: every DateTime here is UTC, and is read back marked as such.
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions) =>
        conventions.Properties<DateTime>().HaveConversion<UtcConverter>();

    sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder model)
    {
        var job = model.Entity<ImageJob>();
        job.ToTable("jobs");
        job.Property(j => j.State).HasConversion<string>().HasMaxLength(16);
        job.Property(j => j.FailureKind).HasConversion<string>().HasMaxLength(32);
        job.Property(j => j.OriginalKey).HasMaxLength(200);
        job.Property(j => j.OriginalFileName).HasMaxLength(255);
        job.Property(j => j.OutputFormat).HasMaxLength(8);
        job.Property(j => j.TraceParent).HasMaxLength(64);
        job.Property(j => j.ResultBlurHash).HasMaxLength(64);
        job.Property(j => j.ResultDominantColour).HasMaxLength(7);
        job.Property(j => j.PreviewKey).HasMaxLength(200);
        job.HasIndex(j => new { j.State, j.QueuedAt });
        job.HasIndex(j => j.QueuedAt);
        job.HasIndex(j => new { j.PublishedAt, j.State });
        job.HasIndex(j => new { j.NotifiedAt, j.State });
    }
}
