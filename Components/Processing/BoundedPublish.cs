using MassTransit;

namespace Queues.Components.Processing;

/// <summary>
/// A consumer's publish, bounded in time. When a broker node crashes, a publish already on its way over that node's
/// channel can wait for ever (ChaosTests, 2026-12-02: a worker's two consumer slots stayed stuck after the
/// process-image leader was killed, each holding a job it listed in its heartbeats, so nothing sent them again).
/// Bounded, the publish fails, the consume is retried on the reconnected channel, and the slot is free again.
/// <see cref="Task.WaitAsync(TimeSpan, CancellationToken)"/> gives up on the publish even if it never heeds its token.
/// </summary>
public static class BoundedPublish
{
    /// <param name="messageId">The message id to send it with, instead of a new one: for a message sent again after a failed publish.</param>
    public static async Task PublishWithin<T>(this ConsumeContext context, T message, TimeSpan limit, Guid? messageId = null) where T : class
    {
        try
        {
            var publish = messageId is { } id
                ? context.Publish(message, sent => sent.MessageId = id, context.CancellationToken)
                : context.Publish(message, context.CancellationToken);
            await publish.WaitAsync(limit, context.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Publishing {typeof(T).Name} took longer than {limit.TotalSeconds:0} s: its broker connection is gone or stalled.");
        }
    }
}
