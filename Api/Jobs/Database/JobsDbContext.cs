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
    public DbSet<Access.ApiKeyRecord> ApiKeys => Set<Access.ApiKeyRecord>();
    public DbSet<Access.AppSecret> Secrets => Set<Access.AppSecret>();
    public DbSet<Processing.ProcessingPause> ProcessingPauses => Set<Processing.ProcessingPause>();
    public DbSet<DatabaseLease> Leases => Set<DatabaseLease>();
    public DbSet<TenantSettingsRecord> TenantSettings => Set<TenantSettingsRecord>();
    public DbSet<ImageBatch> Batches => Set<ImageBatch>();

    /// <summary>
    /// The one tenant whose jobs this context's queries see (<see cref="SeeTenant"/>), so another tenant's job is simply
    /// not there (404). A new context sees no job at all until told whose it may see: a request sets it from its caller
    /// (<see cref="Access.AccessRegistration.UseAccess"/>), and code that acts for every tenant says so
    /// (<see cref="SeeAllTenants"/>: operators' requests, the job-state consumers, the outbox, retention, the probes).
    /// </summary>
    public string? TenantScope { get; private set; }

    /// <summary>True once <see cref="SeeAllTenants"/> was called: queries over jobs see every tenant's.</summary>
    public bool SeesAllTenants { get; private set; }

    /// <summary>Queries over jobs see that tenant's only, from now on.</summary>
    public JobsDbContext SeeTenant(string tenant)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        (TenantScope, SeesAllTenants) = (tenant, false);
        return this;
    }

    /// <summary>Queries over jobs see every tenant's, from now on.</summary>
    public JobsDbContext SeeAllTenants()
    {
        (TenantScope, SeesAllTenants) = (null, true);
        return this;
    }

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
        job.Property(j => j.SearchText).HasMaxLength(SearchTexts.MaxLength);
        // Covers every column a filtered page reads before it loads its rows: a search scans this narrow index, not the table.
        job.HasIndex(j => new { j.SearchText, j.State, j.QueuedAt, j.Id });
        // Pages newest first, all or by state; with the Id (the order's tie-break) in the index SQLite reads 25 rows
        // for a page instead of sorting every row of the state (25 ms at 3,000 failed jobs).
        job.HasIndex(j => new { j.State, j.QueuedAt, j.Id });
        job.HasIndex(j => new { j.QueuedAt, j.Id });
        job.Property(j => j.ResultBlurHash).HasMaxLength(64);
        job.Property(j => j.ResultDominantColour).HasMaxLength(7);
        job.Property(j => j.PreviewKey).HasMaxLength(200);
        job.HasIndex(j => new { j.PublishedAt, j.State });
        job.HasIndex(j => new { j.NotifiedAt, j.State });
        // The timeline's window (finished since, or not finished), and the failed jobs newest first (GET /dlq standalone).
        job.HasIndex(j => j.FinishedAt);
        job.HasIndex(j => new { j.State, j.FinishedAt });
        // GET /dlq/stats standalone: the failed jobs by kind with their oldest and newest, from the index alone (reading
        // each failed row for its kind took 86 ms p50 at 30,000 failed jobs in 1M rows).
        job.HasIndex(j => new { j.State, j.FailureKind, j.FinishedAt });
        job.Property(j => j.Tenant).HasMaxLength(64).HasDefaultValue(Access.AccessOptions.DefaultTenant);
        job.HasIndex(j => new { j.Tenant, j.State });
        job.Property(j => j.CallbackUrl).HasMaxLength(Components.Notifications.WebhookOptions.MaxUrlLength);
        job.Property(j => j.WebhookLastStatus).HasMaxLength(RecordWebhookAttemptConsumer.MaxStatusLength);
        job.HasQueryFilter(j => SeesAllTenants || (TenantScope != null && j.Tenant == TenantScope));

        ImageBatchModel.Configure(model, b => SeesAllTenants || (TenantScope != null && b.Tenant == TenantScope));

        var key = model.Entity<Access.ApiKeyRecord>();
        key.ToTable("api_keys");
        key.Property(k => k.Hash).HasMaxLength(64);
        key.Property(k => k.Tenant).HasMaxLength(64);
        key.Property(k => k.Name).HasMaxLength(200);
        key.Property(k => k.Role).HasConversion<string>().HasMaxLength(16);
        key.HasIndex(k => k.Hash).IsUnique();

        var secret = model.Entity<Access.AppSecret>();
        secret.ToTable("app_secrets").HasKey(s => s.Name);
        secret.Property(s => s.Name).HasMaxLength(64);
        secret.Property(s => s.Value).HasMaxLength(200);

        // One row, made running by the migration, so pause and resume are each a single conditional UPDATE.
        var pause = model.Entity<Processing.ProcessingPause>();
        pause.ToTable("processing_pause");
        pause.Property(p => p.Id).ValueGeneratedNever();
        pause.Property(p => p.By).HasMaxLength(64);
        pause.HasData(new Processing.ProcessingPause());

        // Written by raw SQL too (DatabaseLeases): keep these names as they are.
        var lease = model.Entity<DatabaseLease>();
        lease.ToTable("leases").HasKey(l => l.Name);
        lease.Property(l => l.Name).HasMaxLength(64);
        lease.Property(l => l.Holder).HasMaxLength(200);

        TenantSettingsRecord.Configure(model);
        JobEvent.Configure(model);
    }
}
