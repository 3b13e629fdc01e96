using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Broker;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>
/// Ends batches and announces them: ends every open batch whose jobs have all ended (<see cref="BatchRules.EndDoneAsync"/>),
/// then publishes <see cref="BatchCompleted"/> for each ended batch not yet announced, leased like
/// <see cref="JobEndAnnouncer"/>'s rows so that two replicas announce a batch once. Woken by a job's end
/// (<see cref="OutboxSignal.JobEnded"/>); while this replica has seen no open batch such a wake-up costs no query, and
/// only the poll looks (a batch another replica opened is found within one poll).
/// </summary>
public sealed class BatchEndLoop(IServiceScopeFactory scopes, IOptions<OutboxOptions> outbox, OutboxSignal signal, OutboxChannel channel,
    TimeProvider clock, ILogger<BatchEndLoop> logger) : OutboxLoop(signal.Batches, outbox, logger)
{
    volatile bool openSeen = true;
    DateTime lastLook;

    /// <summary>A batch opened on this replica: the next job's end looks at once rather than at the next poll.</summary>
    public void Opened() => openSeen = true;

    protected override async Task<int> RunBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!openSeen && now - lastLook < Options.PollInterval) return 0;
        lastLook = now;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        // Reads first: with no batch open and none to announce, a look writes nothing (no write lock taken on SQLite).
        openSeen = await db.Batches.AnyAsync(b => b.FinishedAt == null, cancellationToken);
        var ended = openSeen ? await BatchRules.EndDoneAsync(db, now, cancellationToken) : 0;
        if (ended > 0) logger.LogInformation("{Count} batches ended", ended);
        if (ended == 0 && !await db.Batches.AnyAsync(b => b.NotifiedAt == null && b.FinishedAt != null, cancellationToken)) return 0;
        try
        {
            var announced = await AnnounceAsync(db, cancellationToken);
            BrokerAway = false;
            return announced;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (!BrokerAway) logger.LogWarning("Broker unavailable, ended batches wait to be announced: {Reason}", e.Message);
            BrokerAway = true;
            return 0;
        }
    }

    async Task<int> AnnounceAsync(JobsDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var owner = Guid.NewGuid();
        var claimed = await db.Batches
            .Where(b => b.NotifiedAt == null && b.FinishedAt != null && (b.DispatchLeaseUntil == null || b.DispatchLeaseUntil < now))
            .OrderBy(b => b.FinishedAt).Take(Options.BatchSize)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.DispatchLeaseOwner, owner).SetProperty(b => b.DispatchLeaseUntil, now + Options.Lease),
                cancellationToken);
        if (claimed == 0) return 0;
        var batches = await Leased(db, owner).AsNoTracking().ToListAsync(cancellationToken);
        var counts = await BatchCounts.ReadAsync(db, batches.Select(b => b.Id).ToList(), cancellationToken);
        foreach (var batch in batches)
        {
            try
            {
                var c = counts[batch.Id];
                // A publish that hangs (a cluster node gone) gives the rest back rather than holding the loop; the
                // notifier drops a second copy of one that went out after all (RecentNotifications, the webhook-id).
                await channel.Publish(new BatchCompleted(batch.Id, batch.Tenant, c.Completed, c.Failed, c.Cancelled, c.Ended,
                    batch.CreatedAt, batch.FinishedAt!.Value, batch.CallbackUrl), cancellationToken).WaitAsync(Options.StalledAfter, cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The ones not yet announced go back for the next look.
                await Leased(db, owner).ExecuteUpdateAsync(s => s.SetProperty(b => b.DispatchLeaseUntil, (DateTime?)null), CancellationToken.None);
                throw;
            }
            var at = clock.GetUtcNow().UtcDateTime;
            await Leased(db, owner).Where(b => b.Id == batch.Id).ExecuteUpdateAsync(s => s
                .SetProperty(b => b.NotifiedAt, at).SetProperty(b => b.DispatchLeaseUntil, (DateTime?)null), CancellationToken.None);
        }
        return batches.Count;
    }

    static IQueryable<ImageBatch> Leased(JobsDbContext db, Guid owner) => db.Batches.Where(b => b.NotifiedAt == null && b.DispatchLeaseOwner == owner);
}
