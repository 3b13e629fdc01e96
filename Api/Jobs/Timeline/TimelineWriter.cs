using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Queues.Api.Jobs;

/// <summary>
/// Inserts <see cref="JobTimeline"/>'s events in batches: every <see cref="TimelineOptions.FlushInterval"/>, or as soon as
/// <see cref="TimelineOptions.BatchSize"/> wait, in one transaction per batch, then trims the batch's jobs to
/// <see cref="TimelineOptions.MaxEventsPerJob"/>. Several replicas write side by side: the inserts are plain appends and
/// each trim only deletes rows older than what the limit keeps, so concurrent writers cannot undo each other. A stopping
/// host flushes what is left (registered before the outbox and the bus, so it stops after them).
/// </summary>
public sealed class TimelineWriter(JobTimeline timeline, IServiceScopeFactory scopes, IOptions<TimelineOptions> options, TimeProvider clock,
    ILogger<TimelineWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!timeline.Enabled) return;
        var batch = new List<JobEvent>();
        try
        {
            while (await timeline.Reader.WaitToReadAsync(stoppingToken))
            {
                await FillAsync(batch, stoppingToken);
                await FlushAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Stopping: what the channel still holds, in batches, without the stopping token.
        while (timeline.Reader.TryRead(out var e))
        {
            batch.Add(e);
            if (batch.Count >= options.Value.BatchSize) await FlushAsync(batch, CancellationToken.None, last: true);
        }
        await FlushAsync(batch, CancellationToken.None, last: true);
    }

    /// <summary>Takes events until the batch is full or the first one has waited a flush interval.</summary>
    async Task FillAsync(List<JobEvent> batch, CancellationToken stoppingToken)
    {
        var size = options.Value.BatchSize;
        var window = Task.Delay(options.Value.FlushInterval, clock, stoppingToken);
        while (true)
        {
            while (batch.Count < size && timeline.Reader.TryRead(out var e)) batch.Add(e);
            if (batch.Count >= size || window.IsCompleted) return;
            var more = timeline.Reader.WaitToReadAsync(stoppingToken).AsTask();
            if (await Task.WhenAny(more, window) == window || !await more) return;
        }
    }

    /// <summary>
    /// Writes the batch and empties it. When the database is away the batch is kept and tried again after a flush
    /// interval (new events queue in the channel meanwhile); the last try, at stop, drops what fails.
    /// </summary>
    async Task FlushAsync(List<JobEvent> batch, CancellationToken cancellationToken, bool last = false)
    {
        if (batch.Count == 0) return;
        try
        {
            await WriteAsync(batch, cancellationToken);
            batch.Clear();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("{Count} timeline events not written{Then}: {Reason}", batch.Count, last ? ", dropped" : "; trying again", e.Message);
            if (last) batch.Clear();
            else await Task.Delay(options.Value.FlushInterval, clock, cancellationToken);
        }
    }

    async Task WriteAsync(List<JobEvent> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        var rows = await WithoutRepeatedMilestonesAsync(db, await OfExistingJobsAsync(db, batch, cancellationToken), cancellationToken);
        foreach (var row in rows) row.Id = 0; // a batch tried again is inserted afresh
        db.JobEvents().AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        await TrimAsync(db, [.. rows.Select(e => e.JobId).Distinct()], cancellationToken);
    }

    /// <summary>
    /// A job deleted since its events were recorded took its timeline with it (<see cref="JobTransitions.DeleteAsync"/>):
    /// its late events are left out rather than kept without a job. One lookup by key per batch.
    /// </summary>
    static async Task<List<JobEvent>> OfExistingJobsAsync(JobsDbContext db, List<JobEvent> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(e => e.JobId).Distinct().ToList();
        var existing = (await db.Jobs.Where(j => ids.Contains(j.Id)).Select(j => j.Id).ToListAsync(cancellationToken)).ToHashSet();
        return existing.Count == ids.Count ? batch : [.. batch.Where(e => existing.Contains(e.JobId))];
    }

    /// <summary>
    /// Every replica hears every progress event, so each would record the same milestone: one that a job's timeline
    /// already has, or that this batch has twice, is left out. (Two replicas flushing the same milestone in the same
    /// instant can still both write it.)
    /// </summary>
    static async Task<List<JobEvent>> WithoutRepeatedMilestonesAsync(JobsDbContext db, List<JobEvent> batch, CancellationToken cancellationToken)
    {
        var jobs = batch.Where(e => e.Kind == JobEventKinds.Progress).Select(e => e.JobId).Distinct().ToList();
        if (jobs.Count == 0) return batch;
        var seen = (await db.JobEvents().Where(e => jobs.Contains(e.JobId) && e.Kind == JobEventKinds.Progress)
            .Select(e => new { e.JobId, e.Detail }).ToListAsync(cancellationToken)).Select(e => (e.JobId, e.Detail)).ToHashSet();
        return [.. batch.Where(e => e.Kind != JobEventKinds.Progress || seen.Add((e.JobId, e.Detail)))];
    }

    /// <summary>
    /// Past the limit the oldest events go, but never the acceptance: a job that ran many times keeps how it began and
    /// its latest events, which say how it ended.
    /// </summary>
    async Task TrimAsync(JobsDbContext db, List<Guid> jobs, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxEventsPerJob;
        var over = await db.JobEvents().Where(e => jobs.Contains(e.JobId)).GroupBy(e => e.JobId)
            .Where(g => g.Count() > max).Select(g => g.Key).ToListAsync(cancellationToken);
        foreach (var job in over)
        {
            // The newest max - 1 stay, with the acceptance: everything at or below the max-th newest goes but that.
            var boundary = await db.JobEvents().Where(e => e.JobId == job).OrderByDescending(e => e.Id).Skip(max - 1)
                .Select(e => e.Id).FirstOrDefaultAsync(cancellationToken);
            await db.JobEvents().Where(e => e.JobId == job && e.Id <= boundary && e.Kind != JobEventKinds.Accepted)
                .ExecuteDeleteAsync(cancellationToken);
        }
    }
}
