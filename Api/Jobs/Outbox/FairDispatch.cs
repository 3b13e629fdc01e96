using Microsoft.EntityFrameworkCore;

namespace Queues.Api.Jobs;

/// <summary>
/// Which queued jobs the outbox sends next (<see cref="TenantsOptions"/>): by priority, and within a priority round-robin
/// across the tenants, weighted, each kept to its bound of jobs waiting in the broker and, if it has one, its
/// <see cref="TenantSettings.MaxProcessing"/>. Stateless: each turn goes to the tenant with the fewest jobs in the broker
/// for its weight, counted in the database, so several Api replicas share one notion of whose turn it is and a restart
/// forgets nothing. Two reads per batch: the tenants' jobs in the broker and processing (few rows: bounded by those very
/// limits), and the first rows of each tenant that still has room (one windowed query over the unsent rows).
/// </summary>
public static class FairDispatch
{
    public sealed record TenantLoad(string Tenant, int Waiting, int Processing);

    public sealed record Candidate(Guid Id, string Tenant, JobPriority Priority, DateTime QueuedAt);

    public static async Task<List<Guid>> ChooseAsync(JobsDbContext db, IQueryable<ImageJob> unsent, TenantsOptions tenants, int room,
        CancellationToken cancellationToken)
    {
        if (tenants.Dispatch == TenantDispatch.FirstComeFirstServed)
            return await unsent.OrderBy(j => j.Priority).ThenBy(j => j.QueuedAt).ThenBy(j => j.Id).Take(room).Select(j => j.Id)
                .ToListAsync(cancellationToken);
        var loads = await db.Jobs.Where(j => j.State == JobState.Processing || (j.State == JobState.Queued && j.PublishedAt != null))
            .GroupBy(j => j.Tenant)
            .Select(g => new TenantLoad(g.Key, g.Count(j => j.State == JobState.Queued), g.Count(j => j.State == JobState.Processing)))
            .ToDictionaryAsync(l => l.Tenant, cancellationToken);
        var full = loads.Values.Where(l => RoomOf(l, tenants) == 0).Select(l => l.Tenant).ToList();
        // No batch takes more of one tenant than its room, so no more of its rows are read.
        var perTenant = Math.Min(room, tenants.MaxWaitingOfAny());
        var open = unsent.Where(j => !full.Contains(j.Tenant));
        // Each tenant's first rows: EF makes this one query on both providers, ROW_NUMBER() OVER (PARTITION BY Tenant …)
        // over the unsent rows (the same rows the one-queue order read), joined to their distinct tenants.
        var candidates = await open.Select(j => j.Tenant).Distinct()
            .SelectMany(tenant => open.Where(j => j.Tenant == tenant).OrderBy(j => j.Priority).ThenBy(j => j.QueuedAt).ThenBy(j => j.Id)
                .Select(j => new Candidate(j.Id, j.Tenant, j.Priority, j.QueuedAt)).Take(perTenant))
            .ToListAsync(cancellationToken);
        return Interleave(candidates, loads, tenants, room);
    }

    /// <summary>
    /// The batch, in the order to send it. Each turn: the highest priority any tenant with room has next; of the tenants
    /// whose next job has it, the one with the fewest jobs in the broker (this batch's included) for its weight; on a tie,
    /// the one whose next job is oldest.
    /// </summary>
    public static List<Guid> Interleave(IEnumerable<Candidate> candidates, IReadOnlyDictionary<string, TenantLoad> loads, TenantsOptions tenants,
        int room)
    {
        var queues = candidates.GroupBy(c => c.Tenant, StringComparer.Ordinal)
            .Select(g =>
            {
                var load = loads.GetValueOrDefault(g.Key) ?? new TenantLoad(g.Key, 0, 0);
                return new TenantQueue(g.Key, tenants.WeightOf(g.Key), load.Waiting, RoomOf(load, tenants),
                    new Queue<Candidate>(g.OrderBy(c => c.Priority).ThenBy(c => c.QueuedAt).ThenBy(c => c.Id)));
            })
            .ToList();
        var batch = new List<Guid>();
        while (batch.Count < room)
        {
            TenantQueue? next = null;
            foreach (var queue in queues.Where(q => q.Room > 0 && q.Jobs.Count > 0))
                if (next is null || queue.GoesBefore(next)) next = queue;
            if (next is null) break;
            batch.Add(next.Jobs.Dequeue().Id);
            next.Waiting++;
            next.Room--;
        }
        return batch;
    }

    /// <summary>
    /// How many more of the tenant's jobs may be sent now: its bound in the broker, and its processing cap. A tenant is
    /// refilled only once its jobs in the broker have fallen to half its bound, and then up to the bound: a flood goes
    /// out in chunks of half the bound rather than one job per completion, each of which cost a batch (a choice, a
    /// claim, a send and a mark; two tenants' backlogs ran 22 % slower than first come, first served, BENCHMARKS §17).
    /// </summary>
    static int RoomOf(TenantLoad load, TenantsOptions tenants)
    {
        var bound = tenants.MaxWaitingOf(load.Tenant);
        if (load.Waiting > bound / 2) return 0;
        var room = bound - load.Waiting;
        if (tenants.MaxProcessingOf(load.Tenant) is { } cap) room = Math.Min(room, cap - load.Waiting - load.Processing);
        return Math.Max(0, room);
    }

    sealed class TenantQueue(string tenant, int weight, int waiting, int room, Queue<Candidate> jobs)
    {
        public string Tenant { get; } = tenant;
        public int Weight { get; } = weight;
        public int Waiting { get; set; } = waiting;
        public int Room { get; set; } = room;
        public Queue<Candidate> Jobs { get; } = jobs;

        public bool GoesBefore(TenantQueue other)
        {
            Candidate mine = Jobs.Peek(), theirs = other.Jobs.Peek();
            if (mine.Priority != theirs.Priority) return mine.Priority < theirs.Priority;
            // Waiting / Weight, compared without division: the tenant further below its share goes first.
            var share = ((long)Waiting * other.Weight).CompareTo((long)other.Waiting * Weight);
            if (share != 0) return share < 0;
            return mine.QueuedAt != theirs.QueuedAt ? mine.QueuedAt < theirs.QueuedAt : string.CompareOrdinal(Tenant, other.Tenant) < 0;
        }
    }
}
