using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Queues.Api.Jobs;

/// <summary>A tenant's weight and processing cap as an operator set them (PUT /tenants/{tenant}); null follows configuration.</summary>
public sealed class TenantSettingsRecord
{
    public required string Tenant { get; set; }
    public int? Weight { get; set; }
    public int? MaxProcessing { get; set; }
    public DateTime UpdatedAt { get; set; }

    public static void Configure(ModelBuilder model)
    {
        var settings = model.Entity<TenantSettingsRecord>();
        settings.ToTable("tenant_settings").HasKey(s => s.Tenant);
        settings.Property(s => s.Tenant).HasMaxLength(64);
    }
}

/// <summary>A tenant's settings in effect, and whether an operator set them at run time or configuration gives them.</summary>
public sealed record TenantSettingsView(string Tenant, int Weight, int? MaxProcessing, bool SetAtRunTime);

/// <summary>
/// The tenants' settings the outbox dispatches by: the <c>Tenants</c> section, with what operators set at run time
/// (<see cref="TenantSettingsRecord"/>) over it, field by field. Kept in the jobs database so that every Api replica
/// follows one setting; each replica reads the few rows again once its copy is <see cref="MaxAge"/> old (at most
/// once per outbox batch), so a change reaches every replica within that, and at once the one that made it.
/// </summary>
public sealed class TenantSettingsStore(IOptions<TenantsOptions> configured, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    sealed record Snapshot(TenantsOptions Options, DateTimeOffset At);

    volatile Snapshot? current;

    public async ValueTask<TenantsOptions> CurrentAsync(JobsDbContext db, CancellationToken cancellationToken)
    {
        if (current is { } known && clock.GetUtcNow() - known.At < MaxAge) return known.Options;
        var at = clock.GetUtcNow();
        var rows = await db.TenantSettings.AsNoTracking().ToListAsync(cancellationToken);
        var merged = Merge(configured.Value, rows);
        current = new Snapshot(merged, at);
        return merged;
    }

    /// <summary>Sets (or, with both null, clears) one tenant's run-time settings; this replica follows at once.</summary>
    public async Task<TenantSettingsView> SetAsync(JobsDbContext db, string tenant, int? weight, int? maxProcessing, CancellationToken cancellationToken)
    {
        var row = await db.TenantSettings.FindAsync([tenant], cancellationToken);
        if (weight is null && maxProcessing is null)
        {
            if (row is not null) db.TenantSettings.Remove(row);
        }
        else
        {
            if (row is null) db.TenantSettings.Add(row = new TenantSettingsRecord { Tenant = tenant });
            (row.Weight, row.MaxProcessing, row.UpdatedAt) = (weight, maxProcessing, clock.GetUtcNow().UtcDateTime);
        }
        await db.SaveChangesAsync(cancellationToken);
        current = null;
        return ViewOf(await CurrentAsync(db, cancellationToken), tenant, setAtRunTime: weight is not null || maxProcessing is not null);
    }

    /// <summary>Every tenant that has settings of its own, from configuration or set at run time.</summary>
    public async Task<IReadOnlyList<TenantSettingsView>> ListAsync(JobsDbContext db, CancellationToken cancellationToken)
    {
        var options = await CurrentAsync(db, cancellationToken);
        var setAtRunTime = await db.TenantSettings.AsNoTracking().Select(s => s.Tenant).ToListAsync(cancellationToken);
        return options.Overrides.Keys.Order(StringComparer.Ordinal).Select(t => ViewOf(options, t, setAtRunTime.Contains(t))).ToList();
    }

    public static TenantSettingsView ViewOf(TenantsOptions options, string tenant, bool setAtRunTime) =>
        new(tenant, options.WeightOf(tenant), options.MaxProcessingOf(tenant), setAtRunTime);

    public static TenantsOptions Merge(TenantsOptions configured, IEnumerable<TenantSettingsRecord> rows)
    {
        var merged = new TenantsOptions
        {
            Dispatch = configured.Dispatch,
            DefaultWeight = configured.DefaultWeight,
            MaxWaitingInBrokerPerTenant = configured.MaxWaitingInBrokerPerTenant,
            Overrides = new Dictionary<string, TenantSettings>(configured.Overrides, StringComparer.Ordinal),
        };
        foreach (var row in rows)
        {
            var fromConfiguration = configured.Overrides.GetValueOrDefault(row.Tenant);
            merged.Overrides[row.Tenant] = new TenantSettings
            {
                Weight = row.Weight ?? fromConfiguration?.Weight,
                MaxProcessing = row.MaxProcessing ?? fromConfiguration?.MaxProcessing,
            };
        }
        return merged;
    }
}
