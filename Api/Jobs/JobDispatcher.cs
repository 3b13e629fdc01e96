using System.Threading.Channels;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Observability;
using Queues.Contracts;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Jobs;

/// <summary>
/// The outbox: an upload only writes its job row; this sends <see cref="ProcessImage"/> for every queued job
/// not yet handed to the broker. If the broker is down, the rows wait and go out when it returns, so an
/// accepted upload is never lost. Rows are leased before sending, so API replicas do not double-send.
/// The same loop announces finished jobs (<see cref="JobEndAnnouncer"/>).
/// </summary>
public sealed class JobDispatcher(IServiceScopeFactory scopes, IOptions<BusOptions> bus, JobEndAnnouncer announcer, TimeProvider clock,
    ILogger<JobDispatcher> logger)
    : BackgroundService
{
    const int BatchSize = 200;
    static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);
    static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    // One flag per half: an announcement that failed must not silence the warning that accepted jobs wait, or the reverse.
    bool sendsFailing, announcementsFailing, quorumQueueDeclared;

    /// <summary>Called after a job row is written, so it goes out now rather than at the next poll.</summary>
    public void Signal() => wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchBatchAsync(stoppingToken) == BatchSize) { }
                while (await AnnounceBatchAsync(stoppingToken) == JobEndAnnouncer.BatchSize) { }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Outbox dispatch failed; retrying");
            }

            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            poll.CancelAfter(sendsFailing || announcementsFailing ? Poll * 2 : Poll);
            try { await wake.Reader.ReadAsync(poll.Token); }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { }
        }
    }

    async Task<int> AnnounceBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var announced = await announcer.AnnounceBatchAsync(scope.ServiceProvider, cancellationToken);
            if (announced > 0 && announcementsFailing) logger.LogInformation("Broker reachable again; announcing the jobs that waited");
            if (announced > 0) announcementsFailing = false;
            return announced;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (!announcementsFailing) logger.LogWarning("Broker unavailable, finished jobs wait to be announced: {Reason}", e.Message);
            announcementsFailing = true;
            return 0;
        }
    }

    /// <summary>Sends one batch; returns how many jobs went out.</summary>
    async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var owner = Guid.NewGuid();

        var claimed = await db.Jobs
            .Where(j => j.State == JobState.Queued && j.PublishedAt == null && (j.NotBefore == null || j.NotBefore <= now)
                && (j.DispatchLeaseUntil == null || j.DispatchLeaseUntil < now))
            .OrderBy(j => j.QueuedAt).Take(BatchSize)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.DispatchLeaseOwner, owner).SetProperty(j => j.DispatchLeaseUntil, now + Lease), cancellationToken);
        if (claimed == 0) return 0;

        var jobs = await db.Jobs.AsNoTracking().Where(j => j.DispatchLeaseOwner == owner && j.PublishedAt == null).ToListAsync(cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(SendTimeout);
            var send = scope.ServiceProvider.GetRequiredService<ISendEndpointProvider>();
            if (bus.Value.QuorumQueues && !quorumQueueDeclared)
            {
                await ProcessImageTopology.DeclareQuorumQueueAsync(bus.Value, timeout.Token);
                quorumQueueDeclared = true;
            }
            // The queue exists before the first worker starts: declared by the send (classic) or above (quorum).
            var endpoint = await send.GetSendEndpoint(ProcessImageTopology.SendAddress(bus.Value));
            await Task.WhenAll(jobs.Select(j => SendAsync(endpoint, j, timeout.Token)));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Give the rows back at once: the next attempt, or another replica, sends them when the broker is back.
            await db.Jobs.Where(j => j.DispatchLeaseOwner == owner).ExecuteUpdateAsync(s => s.SetProperty(j => j.DispatchLeaseUntil, (DateTime?)null), CancellationToken.None);
            if (!sendsFailing) logger.LogWarning("Broker unavailable, {Count} accepted jobs wait in the outbox: {Reason}", jobs.Count, e.Message);
            sendsFailing = true;
            return 0;
        }

        if (sendsFailing) logger.LogInformation("Broker reachable again; sending the jobs that waited");
        sendsFailing = false;
        var sentAt = clock.GetUtcNow().UtcDateTime;
        await db.Jobs.Where(j => j.DispatchLeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.PublishedAt, sentAt).SetProperty(j => j.DispatchLeaseUntil, (DateTime?)null),
                CancellationToken.None);
        return jobs.Count;
    }

    /// <summary>A Queued job whose message did not reach the broker after all: the next dispatch sends it.</summary>
    public async Task SendAgainAsync(JobsDbContext db, Guid jobId, CancellationToken cancellationToken)
    {
        await db.Jobs.Where(j => j.Id == jobId && j.State == JobState.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.PublishedAt, (DateTime?)null).SetProperty(j => j.DispatchLeaseUntil, (DateTime?)null),
                cancellationToken);
        Signal();
    }

    /// <summary>Each send runs under its job's own span, so MassTransit puts that job's trace on the message.</summary>
    static async Task SendAsync(ISendEndpoint endpoint, ImageJob job, CancellationToken cancellationToken)
    {
        using var activity = JobTracing.StartDispatch(job);
        await endpoint.Send(ToMessage(job), cancellationToken);
    }

    public static ProcessImage ToMessage(ImageJob job) =>
        new(job.Id, job.OriginalKey, job.Operations, job.OutputFormat, job.Quality, job.QueuedAt, JobRenditions.ToMessage(job.Renditions));
}
