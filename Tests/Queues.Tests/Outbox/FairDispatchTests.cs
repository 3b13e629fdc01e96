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
    public void Nothing_is_sent_while_every_tenant_is_above_half_its_bound_then_every_one_is_topped_up_together()
    {
        var candidates = Jobs("A", 20).Concat(Jobs("B", 20, from: 100)).ToList();

        Interleave(candidates, Loads(new TenantLoad("A", 6, 0), new TenantLoad("B", 9, 0)), Tenants(perTenant: 10), room: 30)
            .ShouldBeEmpty("A has 6 of its 10 in the broker, B 9: both above half");

        var chosen = Interleave(candidates, Loads(new TenantLoad("A", 6, 0), new TenantLoad("B", 5, 0)), Tenants(perTenant: 10), room: 30);
        TenantsOf(chosen, candidates).Count(t => t == 'B').ShouldBe(5, "B at half its bound is filled to it");
        TenantsOf(chosen, candidates).Count(t => t == 'A').ShouldBe(4, "and A with it, though above half");
    }

    [Fact]
    public void A_tenant_with_nothing_in_the_broker_is_sent_at_once_and_one_at_its_bound_gets_none()
    {
        var candidates = Jobs("A", 20).Concat(Jobs("B", 20, from: 100)).ToList();

        var chosen = Interleave(candidates, Loads(new TenantLoad("A", 10, 0)), Tenants(perTenant: 10), room: 30);

        TenantsOf(chosen, candidates).ShouldBe(new string('B', 10));
    }

    [Fact]
    public void A_weight_three_tenant_and_a_weight_one_tenant_stay_three_to_one_in_the_queue_over_many_refills()
    {
        // The outbox and a queue served in order: each completion takes the head, and each wake-up sends what the choice gives.
        var tenants = Tenants(perTenant: 64, ("T", 3, null));
        var unsent = new Dictionary<string, Queue<Candidate>> { ["T"] = new(Jobs("T", 3000)), ["O"] = new(Jobs("O", 1000, from: 10_000)) };
        var tenantOf = unsent.Values.SelectMany(q => q).ToDictionary(c => c.Id, c => c.Tenant);
        var inBroker = new Dictionary<string, int> { ["T"] = 0, ["O"] = 0 };
        var queue = new Queue<Guid>();
        var completed = new List<string>();
        while (completed.Count < 2400)
        {
            var loads = inBroker.ToDictionary(p => p.Key, p => new TenantLoad(p.Key, p.Value, 0));
            foreach (var id in Interleave(unsent.Values.SelectMany(q => q.Take(192)), loads, tenants, room: 200))
            {
                queue.Enqueue(id);
                inBroker[tenantOf[id]]++;
                unsent[tenantOf[id]].Dequeue();
            }
            var done = tenantOf[queue.Dequeue()];
            inBroker[done]--;
            completed.Add(done);
        }
        var splits = Enumerable.Range(0, 3).Select(i => completed.Skip(i * 800).Take(800).ToList())
            .Select(window => (double)window.Count(t => t == "T") / window.Count(t => t == "O")).ToList();
        splits.ShouldAllBe(split => split >= 2.85 && split <= 3.15, "three to one within 5 % in every 800 completions: " + string.Join(", ", splits.Select(x => x.ToString("0.00"))));
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
