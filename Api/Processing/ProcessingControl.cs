using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Jobs;
using Queues.Api.Lab;
using Queues.Contracts;

namespace Queues.Api.Processing;

/// <summary>Pause and resume: one conditional UPDATE of <see cref="ProcessingPause"/>, then the workers are told.</summary>
public sealed class ProcessingControl(JobsDbContext db, IPublishEndpoint publish, ProcessingGauge gauge, TimeProvider clock,
    LabMarkers markers, IOptions<LabOptions> lab, ILogger<ProcessingControl> logger)
{
    static readonly TimeSpan AnnounceTimeout = TimeSpan.FromSeconds(5);

    public async Task<ProcessingView> ReadAsync(CancellationToken cancellationToken)
    {
        var view = ProcessingView.From(await db.ProcessingPauses.AsNoTracking().FirstOrDefaultAsync(p => p.Id == ProcessingPause.RowId, cancellationToken));
        gauge.Set(view.Paused);
        return view;
    }

    /// <summary>Idempotent: pausing a paused pipeline keeps its first time and operator; resuming a running one changes nothing.</summary>
    public async Task<ProcessingView> SetAsync(bool paused, string by, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var row = db.ProcessingPauses.Where(p => p.Id == ProcessingPause.RowId && p.Paused != paused);
        var changed = paused
            ? await row.ExecuteUpdateAsync(s => s.SetProperty(p => p.Paused, true).SetProperty(p => p.Since, now).SetProperty(p => p.By, by), cancellationToken)
            : await row.ExecuteUpdateAsync(s => s.SetProperty(p => p.Paused, false).SetProperty(p => p.Since, (DateTime?)null)
                .SetProperty(p => p.By, (string?)null), cancellationToken);
        var view = await ReadAsync(cancellationToken);
        if (changed > 0)
        {
            logger.LogInformation("Processing {What} by {By}", paused ? "paused" : "resumed", by);
            // In the lab a pause is one of the actions the class watches the charts for.
            if (lab.Value.Enabled) markers.Add(paused ? "processing paused" : "processing resumed", $"by {by}");
        }
        await AnnounceAsync(publish, view, clock, logger, cancellationToken);
        return view;
    }

    /// <summary>Best effort: a worker that misses this hears the next periodic announcement (<see cref="ProcessingAnnouncer"/>).</summary>
    public static async Task AnnounceAsync(IPublishEndpoint publish, ProcessingView view, TimeProvider clock, ILogger logger,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnnounceTimeout);
        try
        {
            await publish.Publish(new ProcessingStateAnnounced(view.Paused, view.Since, view.By, clock.GetUtcNow().UtcDateTime), timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Processing state not announced to the workers: {Reason}", e.Message);
        }
    }
}
