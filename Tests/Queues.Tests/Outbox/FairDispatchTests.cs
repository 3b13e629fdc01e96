using Queues.Api.Jobs;
using static Queues.Api.Jobs.FairDispatch;

namespace Queues.Tests.Outbox;

/// <summary>
/// The order the outbox sends in (<see cref="FairDispatch.Interleave"/>): priority first, then turns by weight
/// (<see cref="FairTurns"/>), within each tenant's room; and when it refills (<see cref="FairDispatch.RefillDue"/>).
/// </summary>
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

        var batch = TenantsOf(Interleave(candidates, Loads(), Tenants(), new FairTurns(), room: 10), candidates);

        batch.ShouldBe("ABABABABAB");
    }

    [Fact]
    public void Weights_three_to_one_share_the_sends_three_to_one()
    {
        var candidates = Jobs("A", 64).Concat(Jobs("B", 64)).ToList();

        var batch = TenantsOf(Interleave(candidates, Loads(), Tenants(overrides: ("A", 3, null)), new FairTurns(), room: 40), candidates);

        batch.Count(t => t == 'A').ShouldBe(30, batch);
        // Not 30 A's and then 10 B's: every 8 sends hold 6 of A's and 2 of B's.
        batch.Chunk(8).ShouldAllBe(chunk => chunk.Count(t => t == 'A') == 6, batch);
    }

    [Fact]
    public void Turns_carry_over_from_one_batch_to_the_next()
    {
        var turns = new FairTurns();
        var candidates = Jobs("A", 10).Concat(Jobs("B", 10, from: 100)).ToList();

        var first = Interleave(candidates, Loads(), Tenants(), turns, room: 3);
        var second = Interleave(candidates.Where(c => !first.Contains(c.Id)), Loads(), Tenants(), turns, room: 3);

        (TenantsOf(first, candidates) + TenantsOf(second, candidates)).ShouldBe("ABABAB", "A's turn first on a tie (its jobs are older), B's first in the second batch");
    }

    [Fact]
    public void A_tenant_that_starts_uploading_is_owed_one_bound_of_turns_and_no_more()
    {
        var turns = new FairTurns();
        var flood = Jobs("A", 200).ToList();
        Interleave(flood, Loads(), Tenants(perTenant: 1000), turns, room: 110).Count.ShouldBe(110);
        var candidates = flood.Skip(110).Concat(Jobs("B", 50, from: 1000)).ToList();

        var batch = TenantsOf(Interleave(candidates, Loads(), Tenants(perTenant: 10), turns, room: 12), candidates);

        batch.ShouldBe(new string('B', 10) + "AB", "B starts 10 turns (its bound) behind A's 110 sends, then they alternate");
    }

    [Fact]
    public void A_high_job_of_any_tenant_goes_before_every_normal_one()
    {
        var candidates = Jobs("A", 10).Concat(Jobs("B", 5, from: 100)).Concat(Jobs("B", 2, from: 200, JobPriority.High))
            .Concat(Jobs("C", 1, from: 300, JobPriority.Low)).ToList();

        var chosen = Interleave(candidates, Loads(), Tenants(), new FairTurns(), room: 18);

        var priorityOf = candidates.ToDictionary(c => c.Id, c => c.Priority);
        chosen.Select(id => priorityOf[id]).ShouldBe(chosen.Select(id => priorityOf[id]).Order(), "by priority first");
        // B's two high jobs count as B's in the broker: A has two turns before B's first normal one.
        TenantsOf(chosen, candidates).ShouldBe("BB" + "AAABABABABAB" + "AAA" + "C");
    }

    [Fact]
    public void A_tenant_with_twice_its_bound_in_the_broker_waits_while_others_are_sent()
    {
        var candidates = Jobs("A", 30).Concat(Jobs("B", 30, from: 100)).ToList();

        var chosen = TenantsOf(Interleave(candidates, Loads(new TenantLoad("A", 20, 0)), Tenants(perTenant: 10), new FairTurns(), room: 30), candidates);
        chosen.ShouldBe(new string('B', 20), "A has twice its 10 in the broker; B is filled to twice its own");

        chosen = TenantsOf(Interleave(candidates, Loads(new TenantLoad("A", 6, 0)), Tenants(perTenant: 10), new FairTurns(), room: 30), candidates);
        chosen.Count(t => t == 'A').ShouldBe(14, "A may have up to twice its bound while it is owed turns: " + chosen);
    }

    [Fact]
    public void A_refill_is_due_once_the_jobs_in_the_broker_fall_to_half_the_bounds_of_the_tenants_with_jobs_waiting()
    {
        var tenants = Tenants(perTenant: 64, ("A", 3, null), ("C", null, 2));
        var turns = new FairTurns();
        RefillDue(Loads(), tenants, turns).ShouldBeTrue("nothing in the broker");
        turns.Chose(T0, [new("A", 0)]);
        RefillDue(Loads(new TenantLoad("A", 5, 0)), tenants, turns).ShouldBeTrue("A's last were all sent, 5 are in the broker: its next upload goes at once");
        turns.Chose(T0, [new("A", 100)]);
        RefillDue(Loads(new TenantLoad("A", 97, 0)), tenants, turns).ShouldBeFalse("A's bound is 192: 97 is above half");
        RefillDue(Loads(new TenantLoad("A", 96, 0)), tenants, turns).ShouldBeTrue();

        turns.Chose(T0, [new("A", 100), new("B", 100)]);
        RefillDue(Loads(new TenantLoad("A", 128, 0)), tenants, turns).ShouldBeTrue("B has jobs waiting and none in the broker: half of 192 + 64");
        RefillDue(Loads(new TenantLoad("A", 129, 0)), tenants, turns).ShouldBeFalse();
        turns.Chose(T0, [new("A", 100), new("B", 4)]);
        RefillDue(Loads(new TenantLoad("A", 99, 0)), tenants, turns).ShouldBeFalse("B has only 4 waiting: they count, not its bound of 64");
        RefillDue(Loads(new TenantLoad("A", 98, 0)), tenants, turns).ShouldBeTrue();
        turns.Chose(T0, [new("C", 5)]);
        RefillDue(Loads(new TenantLoad("C", 2, 0)), tenants, turns).ShouldBeFalse("C is capped at 2 processing: it counts 2, not 64");
        RefillDue(Loads(new TenantLoad("C", 1, 1)), tenants, turns).ShouldBeTrue();
    }

    /// <summary>
    /// The outbox against a queue served in order, one job per completion, woken by each: tenant A (weight 3) uploaded
    /// first and filled the broker with its own jobs before B (weight 1) uploaded. Once that first fill is served, every
    /// 800 completions split 3:1 within 5 %: the turns, not the broker's mix, decide the split.
    /// </summary>
    [Fact]
    public void Completions_from_a_queue_served_in_order_split_by_the_weights()
    {
        var tenants = Tenants(perTenant: 64, ("A", 3, null));
        var turns = new FairTurns();
        var unsent = Jobs("A", 3000).Concat(Jobs("B", 1000, from: 5000)).ToList();
        var broker = new Queue<Candidate>();
        var completed = new List<string>();
        void Wake(IEnumerable<Candidate> uploaded)
        {
            var loads = broker.GroupBy(c => c.Tenant).ToDictionary(g => g.Key, g => new TenantLoad(g.Key, g.Count(), 0));
            if (!RefillDue(loads, tenants, turns)) return;
            // Each tenant's first rows, as the outbox reads them.
            var open = uploaded.GroupBy(c => c.Tenant).SelectMany(g => g.Take(200)).ToList();
            turns.Chose(T0, open.CountBy(c => c.Tenant));
            var byId = open.ToDictionary(c => c.Id);
            foreach (var id in Interleave(open, loads, tenants, turns, RoomInBroker(loads, tenants, turns)))
            {
                broker.Enqueue(byId[id]);
                unsent.Remove(byId[id]);
            }
        }

        Wake(unsent.Where(c => c.Tenant == "A").ToList());
        broker.Count.ShouldBe(192);
        while (completed.Count < 256 + 3 * 800)
        {
            completed.Add(broker.Dequeue().Tenant);
            Wake(unsent);
        }

        foreach (var window in completed.Skip(256).Chunk(800))
            ((double)window.Count(t => t == "A") / window.Count(t => t == "B")).ShouldBeInRange(2.85, 3.15, string.Concat(window));
        // Mixed, not one tenant's chunk behind the other's: every 100 hold 75 of A's within 10.
        completed.Skip(256).Chunk(100).ShouldAllBe(c => Math.Abs(c.Count(t => t == "A") - 75) <= 10, string.Concat(completed));
    }

    [Fact]
    public void The_bound_in_the_broker_grows_with_the_weight()
    {
        var candidates = Jobs("A", 100).ToList();

        Interleave(candidates, Loads(), Tenants(perTenant: 10, ("A", 3, null)), new FairTurns(), room: 200).Count.ShouldBe(60, "twice 10 × 3");
    }

    [Fact]
    public void A_tenant_capped_at_processing_counts_its_jobs_processing_and_in_the_broker()
    {
        var candidates = Jobs("A", 10).Concat(Jobs("B", 10, from: 100)).ToList();
        var tenants = Tenants(overrides: ("A", null, 3));

        var chosen = Interleave(candidates, Loads(new TenantLoad("A", 1, 1)), tenants, new FairTurns(), room: 10);
        TenantsOf(chosen, candidates).Count(t => t == 'A').ShouldBe(1, "1 processing + 1 in the broker + 1 = the cap of 3");

        Interleave(candidates, Loads(new TenantLoad("A", 0, 3)), tenants, new FairTurns(), room: 10).ShouldNotContain(id => candidates.First(c => c.Id == id).Tenant == "A");
    }

    [Fact]
    public void A_batch_takes_no_more_than_its_room()
    {
        var candidates = Jobs("A", 30).Concat(Jobs("B", 30, from: 100)).ToList();

        Interleave(candidates, Loads(), Tenants(), new FairTurns(), room: 7).Count.ShouldBe(7);
    }
}
