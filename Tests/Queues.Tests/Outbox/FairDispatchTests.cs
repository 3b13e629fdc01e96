using Queues.Api.Jobs;
using static Queues.Api.Jobs.FairDispatch;

namespace Queues.Tests.Outbox;

/// <summary>The order the outbox sends in (<see cref="FairDispatch.Interleave"/>): priority first, then turns by weight, within each tenant's room.</summary>
public sealed class FairDispatchTests
{
    static readonly DateTime T0 = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    static TenantsOptions Tenants(int perTenant = 64, params (string Tenant, int? Weight, int? MaxProcessing)[] overrides) => new()
    {
        MaxWaitingInBrokerPerTenant = perTenant,
        Overrides = overrides.ToDictionary(o => o.Tenant, o => new TenantSettings { Weight = o.Weight, MaxProcessing = o.MaxProcessing }),
    };

    /// <summary>Jobs of one tenant, queued one second apart from <paramref name="from"/> seconds after T0.</summary>
    static IEnumerable<Candidate> Jobs(string tenant, int count, int from = 0, JobPriority priority = JobPriority.Normal) =>
        Enumerable.Range(from, count).Select(i => new Candidate(Guid.NewGuid(), tenant, priority, T0.AddSeconds(i)));

    static Dictionary<string, TenantLoad> Loads(params TenantLoad[] loads) => loads.ToDictionary(l => l.Tenant);

    static string TenantsOf(IEnumerable<Guid> batch, IEnumerable<Candidate> candidates)
    {
        var tenantOf = candidates.ToDictionary(c => c.Id, c => c.Tenant);
        return string.Concat(batch.Select(id => tenantOf[id]));
    }

    [Fact]
    public void A_tenant_that_queued_later_takes_turns_with_the_one_that_queued_a_flood_first()
    {
        var candidates = Jobs("A", 64).Concat(Jobs("B", 20, from: 1000)).ToList();

        var batch = TenantsOf(Interleave(candidates, Loads(), Tenants(), room: 10), candidates);

        batch.ShouldBe("ABABABABAB");
    }

    [Fact]
    public void Weights_three_to_one_share_the_sends_three_to_one()
    {
        var candidates = Jobs("A", 64).Concat(Jobs("B", 64)).ToList();

        var batch = TenantsOf(Interleave(candidates, Loads(), Tenants(overrides: ("A", 3, null)), room: 40), candidates);

        batch.Count(t => t == 'A').ShouldBe(30, batch);
        // Not 30 A's and then 10 B's: every 8 sends hold 6 of A's and 2 of B's.
        batch.Chunk(8).ShouldAllBe(chunk => chunk.Count(t => t == 'A') == 6, batch);
    }

    [Fact]
    public void Turns_count_the_jobs_each_tenant_already_has_in_the_broker()
    {
        var candidates = Jobs("A", 10).Concat(Jobs("B", 10, from: 100)).ToList();

        var batch = TenantsOf(Interleave(candidates, Loads(new TenantLoad("A", 3, 0)), Tenants(), room: 5), candidates);

        batch.ShouldBe("BBBAB", "B catches up with A's 3 in the broker first; then turns, the older job first on a tie");
    }

    [Fact]
    public void A_high_job_of_any_tenant_goes_before_every_normal_one()
    {
        var candidates = Jobs("A", 10).Concat(Jobs("B", 5, from: 100)).Concat(Jobs("B", 2, from: 200, JobPriority.High))
            .Concat(Jobs("C", 1, from: 300, JobPriority.Low)).ToList();

        var chosen = Interleave(candidates, Loads(), Tenants(), room: 18);

        var priorityOf = candidates.ToDictionary(c => c.Id, c => c.Priority);
        chosen.Select(id => priorityOf[id]).ShouldBe(chosen.Select(id => priorityOf[id]).Order(), "by priority first");
        // B's two high jobs count as B's in the broker: A has two turns before B's first normal one.
        TenantsOf(chosen, candidates).ShouldBe("BB" + "AAABABABABAB" + "AAA" + "C");
    }

    [Fact]
    public void A_tenant_above_half_its_bound_in_the_broker_waits_while_others_are_sent_then_is_filled_to_its_bound()
    {
        var candidates = Jobs("A", 20).Concat(Jobs("B", 20, from: 100)).ToList();

        var chosen = Interleave(candidates, Loads(new TenantLoad("A", 6, 0)), Tenants(perTenant: 10), room: 30);
        TenantsOf(chosen, candidates).Count(t => t == 'A').ShouldBe(0, "A has 6 of its 10 in the broker: more than half");
        TenantsOf(chosen, candidates).Count(t => t == 'B').ShouldBe(10);

        chosen = Interleave(candidates, Loads(new TenantLoad("A", 5, 0)), Tenants(perTenant: 10), room: 30);
        TenantsOf(chosen, candidates).Count(t => t == 'A').ShouldBe(5, "at half its bound A is filled up to it, in one chunk");
    }

    [Fact]
    public void The_bound_in_the_broker_grows_with_the_weight()
    {
        var candidates = Jobs("A", 50).ToList();

        Interleave(candidates, Loads(), Tenants(perTenant: 10, ("A", 3, null)), room: 200).Count.ShouldBe(30);
    }

    [Fact]
    public void A_tenant_capped_at_processing_counts_its_jobs_processing_and_in_the_broker()
    {
        var candidates = Jobs("A", 10).Concat(Jobs("B", 10, from: 100)).ToList();
        var tenants = Tenants(overrides: ("A", null, 3));

        var chosen = Interleave(candidates, Loads(new TenantLoad("A", 1, 1)), tenants, room: 10);
        TenantsOf(chosen, candidates).Count(t => t == 'A').ShouldBe(1, "1 processing + 1 in the broker + 1 = the cap of 3");

        Interleave(candidates, Loads(new TenantLoad("A", 0, 3)), tenants, room: 10).ShouldNotContain(id => candidates.First(c => c.Id == id).Tenant == "A");
    }

    [Fact]
    public void A_batch_takes_no_more_than_its_room()
    {
        var candidates = Jobs("A", 30).Concat(Jobs("B", 30, from: 100)).ToList();

        Interleave(candidates, Loads(), Tenants(), room: 7).Count.ShouldBe(7);
    }
}
