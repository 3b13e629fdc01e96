using System.Collections.Concurrent;
using MassTransit;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>
/// The latest progress of each processing job, in memory: a few events a second per job are not worth a database write
/// each, and every replica hears them all (<see cref="Queues.ServiceDefaults.Messaging.QueueNames.JobProgress"/>), so any
/// replica answers GET /jobs/{id} with it. Shown only while the job is Processing; old entries are dropped as new ones come.
/// </summary>
public sealed class JobProgress(JobFeed feed, TimeProvider clock)
{
    static readonly TimeSpan Keep = TimeSpan.FromMinutes(10);
    readonly ConcurrentDictionary<Guid, (int Percent, DateTime At)> latest = new();

    public int? Of(ImageJob job) => job.State == JobState.Processing && latest.TryGetValue(job.Id, out var p) ? p.Percent : null;

    public void Record(Guid jobId, int percent)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        latest[jobId] = (percent, now);
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
        progress.Record(context.Message.JobId, context.Message.Percent);
        return Task.CompletedTask;
    }
}
