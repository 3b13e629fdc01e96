using RabbitMQ.Client;

namespace Queues.ServiceDefaults.Messaging;

/// <summary>
/// MassTransit 8 declares a queue it sends to as a classic queue, which RabbitMQ refuses when the workers made
/// it a quorum queue. With quorum queues the Api therefore declares process-image itself, as the workers'
/// endpoint does (durable, x-queue-type quorum, bound to the fanout exchange of the same name), and sends to the
/// exchange: the queue exists before the first worker starts, so no command is dropped unrouted.
/// </summary>
public static class ProcessImageTopology
{
    public static Uri SendAddress(BusOptions bus) =>
        new(bus.QuorumQueues ? $"exchange:{QueueNames.ProcessImage}" : $"queue:{QueueNames.ProcessImage}");

    public static Task DeclareQuorumQueueAsync(BusOptions bus, CancellationToken cancellationToken) =>
        DeclareQuorumQueueAsync(bus, QueueNames.ProcessImage, cancellationToken);

    /// <summary>Any shared queue a sender reaches through its exchange, declared as its consumer's endpoint declares it.</summary>
    public static async Task DeclareQuorumQueueAsync(BusOptions bus, string queue, CancellationToken cancellationToken)
    {
        await using var connection = await bus.ConnectAsync("queues-topology", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, queue, "", cancellationToken: cancellationToken);
    }
}
