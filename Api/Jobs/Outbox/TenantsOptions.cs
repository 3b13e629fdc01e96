using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.Api.Jobs;

/// <summary>
/// Section "Tenants": how the outbox shares the workers between tenants (<see cref="FairDispatch"/>). Within a priority it
/// sends round-robin, weighted, across the tenants with jobs waiting, and keeps only a few of each tenant's jobs in the
/// broker, so a flood from one tenant waits in the jobs table, where another tenant's jobs can still go before it.
/// </summary>
public sealed class TenantsOptions : IValidatableObject
{
    /// <summary>
    /// <see cref="TenantDispatch.Fair"/>, or <see cref="TenantDispatch.FirstComeFirstServed"/>: by priority, then in the
    /// order the jobs were accepted, whoever's they are, with no weights, bounds or caps (the order before fair dispatch,
    /// kept for comparison and for a pipeline with one tenant that wants strict order).
    /// </summary>
    public TenantDispatch Dispatch { get; set; } = TenantDispatch.Fair;

    /// <summary>A tenant's share of the sends against other tenants with jobs waiting, unless <see cref="Overrides"/> says otherwise.</summary>
    [Range(1, 1000)]
    public int DefaultWeight { get; set; } = 1;

    /// <summary>
    /// Jobs of one tenant sent and not yet started, per unit of its weight (a tenant of weight 3 has three times as many):
    /// the broker holds each tenant's bound (at most what the tenant has there and waiting), and the turns decide whose jobs fill it; a
    /// tenant owed turns (its jobs behind another's) may hold up to twice its own while it catches up. Whatever is in the
    /// broker is first in, first out, so another tenant's job waits behind at most about this many of each other tenant's.
    /// 64 is a little above the total prefetch of the deployments here (3 workers of 16 slots at most), so a single tenant
    /// keeps every worker busy as before, while a flood of thousands waits in the database.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxWaitingInBrokerPerTenant { get; set; } = 64;

    /// <summary>Per tenant, by its name as its keys give it (<c>Tenants:Overrides:acme:Weight</c>).</summary>
    public Dictionary<string, TenantSettings> Overrides { get; set; } = [];

    public int WeightOf(string tenant) => Overrides.GetValueOrDefault(tenant)?.Weight ?? DefaultWeight;

    public int? MaxProcessingOf(string tenant) => Overrides.GetValueOrDefault(tenant)?.MaxProcessing;

    public int MaxWaitingOf(string tenant) => (int)Math.Min(int.MaxValue, (long)MaxWaitingInBrokerPerTenant * WeightOf(tenant));

    /// <summary>The most jobs any one tenant may have waiting in the broker: no batch needs more of a tenant's rows than this.</summary>
    public int MaxWaitingOfAny() =>
        (int)Math.Min(int.MaxValue, (long)MaxWaitingInBrokerPerTenant * Overrides.Values.Select(o => o.Weight ?? DefaultWeight).Append(DefaultWeight).Max());

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The generated validator does not walk a dictionary's values: each override is checked here, named by its key.
        foreach (var (tenant, settings) in Overrides)
        {
            if (tenant.Length > 64) yield return new ValidationResult("a tenant name has at most 64 characters", [$"{nameof(Overrides)}:{tenant}"]);
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
            foreach (var result in results)
                yield return new ValidationResult(result.ErrorMessage, [$"{nameof(Overrides)}:{tenant}:{result.MemberNames.FirstOrDefault()}"]);
        }
    }
}

public enum TenantDispatch { Fair, FirstComeFirstServed }

/// <summary>One tenant's settings; what is not set follows the defaults.</summary>
public sealed class TenantSettings
{
    [Range(1, 1000)]
    public int? Weight { get; set; }

    /// <summary>
    /// At most this many of the tenant's jobs processing at once, across all workers (none: no cap). The outbox counts the
    /// tenant's jobs sent and not yet started against it too, as they may start at any moment: the cap holds without the
    /// workers knowing of tenants, at the price of a short gap after each of its jobs ends (the outbox sends the next one
    /// only once the end is recorded), so a capped tenant runs a little below its cap. The count is read before the claim:
    /// two Api replicas choosing at the same moment may each send one, so with N replicas the cap can be passed by N − 1.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int? MaxProcessing { get; set; }
}

[OptionsValidator]
public sealed partial class TenantsOptionsValidator : IValidateOptions<TenantsOptions>;
