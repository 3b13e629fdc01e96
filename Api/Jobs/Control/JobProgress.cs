using System.Collections.Concurrent;
using MassTransit;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>
/// The latest progress of each processing job, in memory: a few events a second per job are not worth a database write
/// each, and every replica hears them all (<see cref="Queues.ServiceDefaults.Messaging.QueueNames.JobProgress"/>), so any
/// replica answers GET /jobs/{id} with it. Shown only while the job is Processing; old entries are dropped as new ones come.
/// Its timeline gets the halfway mark only, not every percent (<see cref="Milestone"/>).
/// </summary>
public sealed class JobProgress(JobFeed feed, JobTimeline timeline, TimeProvider clock)
{
    static readonly TimeSpan Keep = TimeSpan.FromMinutes(10);
    readonly ConcurrentDictionary<Guid, (int Percent, DateTime At)> latest = new();

    public int? Of(ImageJob job) => job.State == JobState.Processing && latest.TryGetValue(job.Id, out var p) ? p.Percent : null;

    /// <summary>The percent a job's timeline shows once, when first reached or passed.</summary>
    public const int Milestone = 50;

    public void Record(Guid jobId, int percent, string? workerId = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var before = latest.TryGetValue(jobId, out var was) ? was.Percent : 0;
        latest[jobId] = (percent, now);
        if (before < Milestone && percent >= Milestone)
            timeline.Record(jobId, JobEventKinds.Progress, JobEventDetail.Of(("percent", Milestone)), workerId, now);
        feed.Progressed(jobId, percent);
        if (latest.Count > 1000)
            foreach (var (id, p) in latest)
                if (now - p.At > Keep) latest.TryRemove(id, out _);
    }
}

public sealed class ShowJobProgressConsumer(JobProgress progress) : IConsumer<ImageProcessingProgressed>
{
    public Task Consume(ConsumeContext<ImageProcessingProgressed> context)
    {
        progress.Record(context.Message.JobId, context.Message.Percent, context.Message.WorkerId);
        return Task.CompletedTask;
    }
}
