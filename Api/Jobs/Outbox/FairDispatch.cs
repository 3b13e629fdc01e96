using Microsoft.EntityFrameworkCore;

namespace Queues.Api.Jobs;

/// <summary>
/// Which queued jobs the outbox sends next (<see cref="TenantsOptions"/>): by priority, and within a priority in weighted
/// turns across the tenants with jobs waiting (<see cref="FairTurns"/>), each tenant kept to its bound of jobs in the
/// broker and, if it has one, its <see cref="TenantSettings.MaxProcessing"/>. The broker's queue is first in, first out,
/// so the workers take the jobs in the order they were sent: the turns of the sends are the split of the completions.
/// <para>
/// Refills come in chunks: a choice is made once the jobs in the broker have fallen to half of what it should hold (each
/// tenant's bound, at most what the tenant has there and waiting), or some tenant's to half its own bound; then the
/// broker is filled up to that again, in turns. Between choices a wake-up costs one read (the tenants' jobs in the broker
/// and processing: few rows, bounded by those very limits); a choice adds one more
/// (the first rows of each tenant that still has room: one windowed query over the unsent rows). A tenant that starts
/// uploading while the others fill the broker is found at the next choice, or within <c>recheck</c> at the latest.
/// </para>
/// </summary>
public static class FairDispatch
{
    public sealed record TenantLoad(string Tenant, int Waiting, int Processing);

    public sealed record Candidate(Guid Id, string Tenant, JobPriority Priority, DateTime QueuedAt);

    public static async Task<List<Guid>> ChooseAsync(JobsDbContext db, IQueryable<ImageJob> unsent, TenantsOptions tenants, FairTurns turns,
        int room, DateTime now, TimeSpan recheck, CancellationToken cancellationToken)
    {
        if (tenants.Dispatch == TenantDispatch.FirstComeFirstServed)
            return await unsent.OrderBy(j => j.Priority).ThenBy(j => j.QueuedAt).ThenBy(j => j.Id).Take(room).Select(j => j.Id)
                .ToListAsync(cancellationToken);
        var loads = await db.Jobs.Where(j => j.State == JobState.Processing || (j.State == JobState.Queued && j.PublishedAt != null))
            .GroupBy(j => j.Tenant)
            .Select(g => new TenantLoad(g.Key, g.Count(j => j.State == JobState.Queued), g.Count(j => j.State == JobState.Processing)))
            .ToDictionaryAsync(l => l.Tenant, cancellationToken);
        var due = RefillDue(loads, tenants, turns);
        if (!due && now - turns.LastChoice < recheck) return [];

        var full = loads.Values.Where(l => RoomOf(l, tenants) == 0).Select(l => l.Tenant).ToList();
        // A recheck looks only for tenants not known to have jobs waiting (new ones, and those whose last were all sent):
        // the known ones are refilled together.
        var known = due ? [] : turns.Waiting.Where(t => t.Value > 0).Select(t => t.Key).ToList();
        // No batch takes more of one tenant than its room (at most twice its bound), so no more of its rows are read.
        var perTenant = (int)Math.Min(room, 2L * tenants.MaxWaitingOfAny());
        var open = unsent.Where(j => !full.Contains(j.Tenant) && !known.Contains(j.Tenant));
        // Each tenant's first rows: EF makes this one query on both providers, ROW_NUMBER() OVER (PARTITION BY Tenant …)
        // over the unsent rows (the same rows the one-queue order read), joined to their distinct tenants.
        var candidates = await open.Select(j => j.Tenant).Distinct()
            .SelectMany(tenant => open.Where(j => j.Tenant == tenant).OrderBy(j => j.Priority).ThenBy(j => j.QueuedAt).ThenBy(j => j.Id)
                .Select(j => new Candidate(j.Id, j.Tenant, j.Priority, j.QueuedAt)).Take(perTenant))
            .ToListAsync(cancellationToken);
        // A tenant not read (full, or known on a recheck) keeps its place among those with jobs waiting until a choice
        // finds it without.
        turns.Chose(now, candidates.CountBy(c => c.Tenant, StringComparer.Ordinal)
            .Concat(turns.Waiting.Where(t => full.Contains(t.Key) || known.Contains(t.Key))));
        return Interleave(candidates, loads, tenants, turns, Math.Min(room, RoomInBroker(loads, tenants, turns)));
    }

    /// <summary>
    /// What the broker should hold, and holds: for each tenant with jobs in the broker or waiting to be sent, its bound (or
    /// its processing cap), but no more than it has there and waiting (as many as the last choice read), so that a tenant
    /// with a few jobs leaves no room for a flood to fill in front of its next ones.
    /// </summary>
    static (long Bounds, long Waiting) Fill(IReadOnlyDictionary<string, TenantLoad> loads, TenantsOptions tenants, FairTurns turns)
    {
        long waiting = 0, bounds = 0;
        foreach (var load in loads.Values) waiting += load.Waiting;
        var unsent = turns.Waiting;
        foreach (var tenant in loads.Keys.Union(unsent.Keys, StringComparer.Ordinal))
            bounds += Math.Min(BoundOf(tenant, tenants), (long)(loads.GetValueOrDefault(tenant)?.Waiting ?? 0) + unsent.GetValueOrDefault(tenant));
        return (bounds, waiting);
    }

    /// <summary>
    /// How many jobs one choice may send: up to what the broker should hold (<see cref="Fill"/>), for all tenants together. The turns, not
    /// each tenant's own room, decide whose they are, so every refill is mixed by weight; a refill of each tenant's own
    /// room would copy the broker's mix, whatever it was (one tenant's chunk behind another's), for as long as both have
    /// jobs waiting.
    /// </summary>
    public static int RoomInBroker(IReadOnlyDictionary<string, TenantLoad> loads, TenantsOptions tenants, FairTurns turns)
    {
        var (bounds, waiting) = Fill(loads, tenants, turns);
        return (int)Math.Clamp(bounds - waiting, 0, int.MaxValue);
    }

    /// <summary>
    /// Whether a choice is due: the jobs in the broker have fallen to half of what it should hold (<see cref="Fill"/>), or
    /// some tenant has no more than half its own bound there (its new uploads, unknown until read, go at once, as with
    /// one tenant and few jobs). A flood with its bound in the broker goes out in chunks of half of it rather than one job
    /// per completion, each of which would cost a choice, a claim, a send and a mark.
    /// </summary>
    public static bool RefillDue(IReadOnlyDictionary<string, TenantLoad> loads, TenantsOptions tenants, FairTurns turns)
    {
        var (bounds, waiting) = Fill(loads, tenants, turns);
        return waiting * 2 <= bounds || loads.Values.Any(l => l.Waiting * 2L <= BoundOf(l.Tenant, tenants));
    }

    static long BoundOf(string tenant, TenantsOptions tenants) => Math.Min(tenants.MaxWaitingOf(tenant), tenants.MaxProcessingOf(tenant) ?? int.MaxValue);

    /// <summary>
    /// The batch, in the order to send it. Each turn: the highest priority any tenant with room has next; of the tenants
    /// whose next job has it, the one furthest behind in its turns (<see cref="FairTurns"/>); on a tie, the one whose next
    /// job is oldest.
    /// </summary>
    public static List<Guid> Interleave(IEnumerable<Candidate> candidates, IReadOnlyDictionary<string, TenantLoad> loads, TenantsOptions tenants,
        FairTurns turns, int room)
    {
        var queues = candidates.GroupBy(c => c.Tenant, StringComparer.Ordinal)
            .Select(g => new TenantQueue(g.Key, tenants.WeightOf(g.Key),
                RoomOf(loads.GetValueOrDefault(g.Key) ?? new TenantLoad(g.Key, 0, 0), tenants),
                turns.PassOf(g.Key, tenants.MaxWaitingInBrokerPerTenant),
                new Queue<Candidate>(g.OrderBy(c => c.Priority).ThenBy(c => c.QueuedAt).ThenBy(c => c.Id))))
            .ToList();
        var batch = new List<Guid>();
        while (batch.Count < room)
        {
            TenantQueue? next = null;
            foreach (var queue in queues.Where(q => q.Room > 0 && q.Jobs.Count > 0))
                if (next is null || queue.GoesBefore(next)) next = queue;
            if (next is null) break;
            batch.Add(next.Jobs.Dequeue().Id);
            next.Pass = turns.Sent(next.Tenant, next.Weight);
            next.Room--;
        }
        return batch;
    }

    /// <summary>
    /// How many more of the tenant's jobs may be sent now: twice its bound in the broker, and its processing cap. The
    /// broker as a whole holds each tenant's bound, at most what the tenant has (<see cref="RoomInBroker"/>); a tenant whose jobs
    /// wait behind another's chunk, and so is owed turns, may take up to twice its own while it catches up, which is how
    /// the mix evens out (held to its own bound, it would be refilled only as its chunk was served, and the chunks would
    /// keep their places).
    /// </summary>
    static int RoomOf(TenantLoad load, TenantsOptions tenants)
    {
        var room = 2L * tenants.MaxWaitingOf(load.Tenant) - load.Waiting;
        if (tenants.MaxProcessingOf(load.Tenant) is { } cap) room = Math.Min(room, cap - load.Waiting - load.Processing);
        return (int)Math.Clamp(room, 0, int.MaxValue);
    }

    sealed class TenantQueue(string tenant, int weight, int room, double pass, Queue<Candidate> jobs)
    {
        public string Tenant { get; } = tenant;
        public int Weight { get; } = weight;
        public int Room { get; set; } = room;
        public double Pass { get; set; } = pass;
        public Queue<Candidate> Jobs { get; } = jobs;

        public bool GoesBefore(TenantQueue other)
        {
            Candidate mine = Jobs.Peek(), theirs = other.Jobs.Peek();
            if (mine.Priority != theirs.Priority) return mine.Priority < theirs.Priority;
            if (Pass != other.Pass) return Pass < other.Pass;
            return mine.QueuedAt != theirs.QueuedAt ? mine.QueuedAt < theirs.QueuedAt : string.CompareOrdinal(Tenant, other.Tenant) < 0;
        }
    }
}

/// <summary>
/// Whose turn it is, kept by one outbox (one per Api replica) across its batches: stride scheduling. Each send moves its
/// tenant's pass on by 1 / weight and the lowest pass goes next, so over any stretch of sends a tenant of weight 3 has three
/// for each of a tenant of weight 1, whatever each batch had room for. A tenant held back by its bound keeps up to one
/// bound of turns owed (it catches up at the next choice); a tenant that starts uploading starts with as much, as though
/// it had had its bound in the broker all along: its first jobs go ahead of a flood's, and its first fill does not count
/// against it. Idling earns no more. Lost on restart, which only forgets the turns owed. With several replicas each
/// interleaves its own batches, and their sum is interleaved too.
/// </summary>
public sealed class FairTurns
{
    readonly Lock gate = new();
    readonly Dictionary<string, double> passes = new(StringComparer.Ordinal);
    Dictionary<string, int> waiting = new(StringComparer.Ordinal);
    double last;

    /// <summary>When the last choice was made (<see cref="FairDispatch.ChooseAsync"/>).</summary>
    public DateTime LastChoice { get; private set; } = DateTime.MinValue;

    /// <summary>The tenants the last choice found with jobs waiting to be sent, and how many it read of each.</summary>
    public IReadOnlyDictionary<string, int> Waiting { get { lock (gate) return new Dictionary<string, int>(waiting, StringComparer.Ordinal); } }

    public void Chose(DateTime at, IEnumerable<KeyValuePair<string, int>> tenantsWaiting)
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (tenant, count) in tenantsWaiting) found[tenant] = count;
        lock (gate)
        {
            LastChoice = at;
            waiting = found;
            // A tenant with nothing waiting would start again from the last pass less the credit anyway: forget it.
            foreach (var tenant in passes.Keys.Where(t => !found.ContainsKey(t) && passes[t] <= last).ToList()) passes.Remove(tenant);
        }
    }

    /// <summary>The tenant's pass, brought up to at most <paramref name="credit"/> behind the last send's.</summary>
    public double PassOf(string tenant, double credit)
    {
        lock (gate)
        {
            var pass = Math.Max(passes.GetValueOrDefault(tenant, double.MinValue), last - credit);
            passes[tenant] = pass;
            return pass;
        }
    }

    /// <summary>One of the tenant's jobs sent: its pass moves on by 1 / weight, and it has one fewer waiting.</summary>
    public double Sent(string tenant, int weight)
    {
        lock (gate)
        {
            if (waiting.TryGetValue(tenant, out var unsent)) waiting[tenant] = Math.Max(0, unsent - 1);
            var pass = passes.GetValueOrDefault(tenant, last) + 1.0 / weight;
            passes[tenant] = last = pass;
            return pass;
        }
    }
}
