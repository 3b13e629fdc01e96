using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Queues.Api.Jobs;

public sealed record JobChange(Guid JobId, JobState State, DateTime At);

/// <summary>
/// In-process fan-out of job state changes to live subscribers (the dashboard's server-sent events).
/// Each API replica sees the changes its own consumers apply; a subscriber that falls behind drops old changes
/// rather than holding memory, and re-reads the job list.
/// </summary>
public sealed class JobFeed(TimeProvider clock)
{
    readonly ConcurrentDictionary<Guid, Channel<JobChange>> subscribers = new();

    public void Changed(Guid jobId, JobState state)
    {
        var change = new JobChange(jobId, state, clock.GetUtcNow().UtcDateTime);
        foreach (var channel in subscribers.Values) channel.Writer.TryWrite(change);
    }

    public async IAsyncEnumerable<JobChange> Subscribe([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<JobChange>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        subscribers[id] = channel;
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken)) yield return change;
        }
        finally
        {
            subscribers.TryRemove(id, out _);
        }
    }
}
