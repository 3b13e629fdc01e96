using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Broker;
using Queues.Api.Observability;
using Queues.Contracts;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Jobs;

/// <summary>
/// The outbox's send loop: an upload only writes its job row; this sends <see cref="ProcessImage"/> for every queued job
/// not yet handed to the broker. If the broker is down, the rows wait and go out when it returns, so an
/// accepted upload is never lost. Rows are leased before sending, so API replicas do not double-send.
/// </summary>
public sealed class JobDispatcher(IServiceScopeFactory scopes, IOptions<BusOptions> bus, IOptions<JobsOptions> jobs, IOptions<OutboxOptions> outbox,
    TenantSettingsStore tenants, OutboxSignal signal, OutboxChannel channel, ApiMetrics metrics, JobTimeline timeline, TimeProvider clock,
    ILogger<JobDispatcher> logger, IBusControl? busControl = null)
    : OutboxLoop(signal.Sends, outbox, logger)
{
    readonly FairTurns turns = new();
    bool quorumQueueDeclared;

    /// <summary>Sends one batch; returns how many jobs went out.</summary>
    protected override async Task<int> RunBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        var now = clock.GetUtcNow().UtcDateTime;
        var owner = Guid.NewGuid();

        var room = await RoomInBrokerAsync(db, cancellationToken);
        if (room == 0) return 0;
        var candidates = await FairDispatch.ChooseAsync(db, Unsent(db.Jobs, now), await tenants.CurrentAsync(db, cancellationToken), turns, room, now,
            Options.PollInterval, cancellationToken);
        if (candidates.Count == 0) return 0;
        // The conditions again on the rows themselves, not only in a subquery: on PostgreSQL a replica that waited for
        // another's claim of the same rows re-checks the row's own conditions once that claim commits, and skips it.
        var claimed = await Unsent(db.Jobs.Where(j => candidates.Contains(j.Id)), now)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.DispatchLeaseOwner, owner).SetProperty(j => j.DispatchLeaseUntil, now + Options.Lease), cancellationToken);
        if (claimed == 0) return 0;

        // In the order chosen: the broker's queue keeps it.
        var order = candidates.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var jobs = (await db.Jobs.AsNoTracking().Where(j => j.DispatchLeaseOwner == owner && j.PublishedAt == null).ToListAsync(cancellationToken))
            .OrderBy(j => order.GetValueOrDefault(j.Id, int.MaxValue)).ToList();
        var sent = new ConcurrentBag<Guid>();
        try
        {
            if (bus.Value.QuorumQueues && !quorumQueueDeclared)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(Options.StalledAfter);
                await ProcessImageTopology.DeclareQuorumQueueAsync(bus.Value, timeout.Token);
                quorumQueueDeclared = true;
            }
            // The queue exists before the first worker starts: declared by the send (classic) or above (quorum).
            var endpoint = await channel.GetSendEndpoint(ProcessImageTopology.SendAddress(bus.Value));
            await HoldLeaseWhileSendingAsync(Task.WhenAll(jobs.Select(j => SendAsync(endpoint, j, sent, timeline, clock, cancellationToken))), db, owner, jobs.Count,
                cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The ones that went out are sent; the rest go back at once: the next attempt, or another replica, sends them.
            await MarkSentAsync(db, owner, sent);
            await db.Jobs.Where(j => j.DispatchLeaseOwner == owner && j.PublishedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.DispatchLeaseUntil, (DateTime?)null), CancellationToken.None);
            if (!BrokerAway) logger.LogWarning("Broker unavailable: accepted jobs wait in the outbox until it is back ({Count} of this batch not sent): {Reason}",
                jobs.Count - sent.Count, e.Message);
            BrokerAway = true;
            return 0;
        }

        if (BrokerAway) logger.LogInformation("Broker reachable again; sending the jobs that waited");
        BrokerAway = false;
        await MarkSentAsync(db, owner, sent);
        return jobs.Count;
    }

    static IQueryable<ImageJob> Unsent(IQueryable<ImageJob> jobs, DateTime now) =>
        jobs.Where(j => j.State == JobState.Queued && j.PublishedAt == null && (j.NotBefore == null || j.NotBefore <= now)
            && (j.DispatchLeaseUntil == null || j.DispatchLeaseUntil < now));

    Task MarkSentAsync(JobsDbContext db, Guid owner, ConcurrentBag<Guid> sent)
    {
        var ids = sent.ToArray();
        metrics.Dispatched(ids.Length);
        var sentAt = clock.GetUtcNow().UtcDateTime;
        return ids.Length == 0 ? Task.CompletedTask : db.Jobs.Where(j => j.DispatchLeaseOwner == owner && ids.Contains(j.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.PublishedAt, sentAt).SetProperty(j => j.DispatchLeaseUntil, (DateTime?)null),
                CancellationToken.None);
    }

    /// <summary>
    /// Waits for a batch's sends, renewing the rows' lease meanwhile. A send that has not finished is not a send that
    /// failed: with the broker away MassTransit keeps it and delivers it when the connection returns, whatever its
    /// token says (cancelling it early and giving the rows back is how jobs went out twice). So the rows stay leased
    /// until the sends finish, and no other replica, nor this one's next batch, sends them again. A send that fails
    /// (throws) gives its rows back; a process that dies mid-send takes its pending sends with it and its lease expires.
    /// </summary>
    async Task HoldLeaseWhileSendingAsync(Task sending, JobsDbContext db, Guid owner, int count, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow();
        DateTimeOffset? healthySince = null;
        while (await Task.WhenAny(sending, Task.Delay(Options.StalledAfter, cancellationToken)) != sending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // On a cluster, sends that hang may be on a channel RabbitMQ rejects them on for as long as a node is down
            // (OutboxChannel): a new channel, and the old one's sends fail, so that the next batch sends them on the new one.
            await channel.ReplaceAsync($"sends pending for over {Options.StalledAfter.TotalSeconds} s", cancellationToken);
            // A send pending on the channel of a node that died may never end: the bus reconnects to another node and
            // that send neither completes nor fails (ChaosTests: 4 jobs leased for ever). On one node the same happens to
            // a send caught by a broker stopped and started within seconds: the bus is healthy again and the send still
            // pending minutes later (LabControllerTests: 18 jobs queued for ever). Give the rows back: sending a job twice
            // is safe, the transitions apply one completion. On one node, only once the bus has been healthy for as long,
            // so that a send MassTransit holds for a broker still away is not sent twice.
            var now = clock.GetUtcNow();
            healthySince = busControl?.CheckHealth().Status == BusHealthStatus.Healthy ? healthySince ?? now : null;
            if (bus.Value.ClusterNodes.Length > 0 ? now - since > Options.GiveUpAfter : now - healthySince > Options.GiveUpAfter)
                throw new TimeoutException($"{count} sends pending for over {Options.GiveUpAfter.TotalSeconds} s " +
                    (bus.Value.ClusterNodes.Length > 0 ? "on a cluster" : "with the broker back") + ": sending again");
            if (!BrokerAway) logger.LogWarning("Broker unavailable: accepted jobs wait in the outbox until it is back ({Count} of this batch pending for over {Seconds} s)",
                count, Options.StalledAfter.TotalSeconds);
            BrokerAway = true;
            var until = clock.GetUtcNow().UtcDateTime + Options.Lease;
            await db.Jobs.Where(j => j.DispatchLeaseOwner == owner && j.PublishedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.DispatchLeaseUntil, until), cancellationToken);
        }
        await sending;
    }

    /// <summary>How many jobs this batch may send under <see cref="JobsOptions.MaxWaitingInBroker"/>; a start wakes the outbox again.</summary>
    async Task<int> RoomInBrokerAsync(JobsDbContext db, CancellationToken cancellationToken)
    {
        var limit = jobs.Value.MaxWaitingInBroker;
        if (limit == 0) return Options.BatchSize;
        var waiting = await db.Jobs.CountAsync(j => j.PublishedAt != null && j.State == JobState.Queued, cancellationToken);
        return Math.Clamp(limit - waiting, 0, Options.BatchSize);
    }

    /// <summary>
    /// Each send runs under its job's own span, so MassTransit puts that job's trace on the message. Its message id is
    /// chosen here, so the job's timeline names the message the broker holds; its time is the send's start, as a worker
    /// may start the job before the send returns.
    /// </summary>
    static async Task SendAsync(ISendEndpoint endpoint, ImageJob job, ConcurrentBag<Guid> sent, JobTimeline timeline, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        using var activity = JobTracing.StartDispatch(job);
        var messageId = NewId.NextGuid();
        var at = clock.GetUtcNow().UtcDateTime;
        await endpoint.Send(JobMessages.ProcessImage(job), Pipe.Execute<SendContext<ProcessImage>>(c => c.MessageId = messageId), cancellationToken);
        sent.Add(job.Id);
        timeline.Record(job.Id, JobEventKinds.Sent, JobEventDetail.Of(("messageId", messageId.ToString())), at: at);
    }
}
