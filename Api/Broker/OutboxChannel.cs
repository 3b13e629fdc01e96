using MassTransit;
using MassTransit.Transports;
using Microsoft.Extensions.Options;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Broker;

/// <summary>
/// The channel the outbox sends <c>ProcessImage</c> and announces finished jobs on. On one broker, and in memory, the
/// bus's own. On a cluster, the channel of a receive endpoint of its own (a temporary queue,
/// <see cref="QueueNames.Outbox"/>, that nothing is sent to), because that one can be replaced and the bus's cannot.
/// Used by the outbox loop alone (one batch at a time), so it holds no lock.
/// <para>
/// Why it must be replaceable: RabbitMQ 3.10 rejects every publish to a quorum queue on a channel whose first publish
/// to that queue came in the instant between the death of the queue leader's node and the new leader's election, and
/// goes on rejecting them for as long as that node stays down; a channel opened after the election publishes at once
/// (<c>ClusterScriptTests</c> shows both on a real cluster). An Api that reconnects in that instant is such a
/// channel, and MassTransit retries a rejected send on the same channel. So when sends hang on a cluster the outbox
/// asks for a new channel: a new endpoint, and the old one stopped, which fails the sends it held so that their jobs
/// go out again on the new one.
/// </para>
/// </summary>
public sealed class OutboxChannel(IBus bus, IReceiveEndpointConnector connector, IOptions<BusOptions> options, TimeProvider clock,
    ILogger<OutboxChannel> logger)
{
    /// <summary>At most one replacement this often: sends also hang while every node is down, where a new channel does not help.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(30);

    static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    HostReceiveEndpointHandle? endpoint;
    DateTimeOffset replacedAt = DateTimeOffset.MinValue;

    bool Replaceable => options.Value.ClusterNodes.Length > 0;

    /// <summary>The send endpoint for <paramref name="address"/> on the current channel.</summary>
    public Task<ISendEndpoint> GetSendEndpoint(Uri address) => Replaceable ? Current.GetSendEndpoint(address) : bus.GetSendEndpoint(address);

    /// <summary>Publishes <paramref name="message"/> on the current channel (to its type's exchange, as a publish from the bus does).</summary>
    public async Task Publish<T>(T message, CancellationToken cancellationToken) where T : class
    {
        if (!Replaceable)
        {
            await bus.Publish(message, cancellationToken);
            return;
        }
        var exchange = await Current.GetPublishSendEndpoint<T>();
        await exchange.Send(message, cancellationToken);
    }

    /// <summary>Replaces the channel, unless there is none to replace or the last replacement is under <see cref="MinimumInterval"/> old.</summary>
    public async Task<bool> ReplaceAsync(string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (endpoint is null || now - replacedAt < MinimumInterval) return false;
        replacedAt = now;
        var old = endpoint;
        endpoint = Connect();
        logger.LogWarning("Outbox {Reason}: sending on a new channel ({Queue}) from now on", reason, endpoint.ReceiveEndpoint.InputAddress.GetEndpointName());
        // Stopping the old endpoint stops its channel, which fails the sends MassTransit was retrying on it.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StopTimeout);
        try { await old.StopAsync(timeout.Token); }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The outbox's old channel did not stop within {Seconds} s", StopTimeout.TotalSeconds);
        }
        return true;
    }

    /// <summary>The receive endpoint whose channel is the current one, connected at the first use.</summary>
    IReceiveEndpoint Current => (endpoint ??= Connect()).ReceiveEndpoint;

    HostReceiveEndpointHandle Connect() =>
        connector.ConnectReceiveEndpoint(QueueNames.Outbox(), (_, configurator) =>
        {
            configurator.ConfigureConsumeTopology = false;
            if (configurator is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                rabbit.AutoDelete = true;
                rabbit.Durable = false;
                rabbit.PrefetchCount = 1;
            }
        });
}
