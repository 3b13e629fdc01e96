using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Queues.Api.Dashboard;

/// <summary>
/// In-process fan-out to live subscribers (the dashboard's server-sent events). A subscriber that falls behind
/// drops its oldest items rather than holding memory; the dashboard then re-reads what it shows.
/// </summary>
public sealed class Broadcast<T>
{
    readonly ConcurrentDictionary<Guid, Channel<T>> subscribers = new();

    public void Send(T item)
    {
        foreach (var channel in subscribers.Values) channel.Writer.TryWrite(item);
    }

    public async IAsyncEnumerable<T> Subscribe([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        subscribers[id] = channel;
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken)) yield return item;
        }
        finally
        {
            subscribers.TryRemove(id, out _);
        }
    }
}
