using System.Diagnostics;
using System.Text.Json;
using Queues.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Queues.Benchmarks.Messaging;

/// <summary>
/// The ceiling: RabbitMQ.Client alone with the settings MassTransit is given — durable queue, persistent
/// messages, publisher confirms awaited per message, manual acks, the same prefetch — and the same JSON
/// work per message (serialize on publish, deserialize on consume).
/// </summary>
static class RawRabbitRun
{
    const string Queue = "bench-raw-process-image";

    public static async Task<double> MessagesPerSecondAsync(int port, int count, int batch, ushort prefetch)
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = port };
        await using var connection = await factory.CreateConnectionAsync();
        // Confirms tracked by the client; the default throttle (128 outstanding) would stall batches above it.
        await using var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null));
        await publisher.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false);
        await publisher.QueuePurgeAsync(Queue);

        await using var consumerChannel = await connection.CreateChannelAsync();
        await consumerChannel.BasicQosAsync(0, prefetch, false);
        var counter = new Messages.Counter();
        counter.Expect(count);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            JsonSerializer.Deserialize<ProcessImage>(delivery.Body.Span);
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            counter.Consumed();
        };
        await consumerChannel.BasicConsumeAsync(Queue, autoAck: false, consumer);

        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
        var clock = Stopwatch.StartNew();
        for (var sent = 0; sent < count; sent += batch)
            await Task.WhenAll(Enumerable.Range(sent, Math.Min(batch, count - sent)).Select(i =>
                publisher.BasicPublishAsync("", Queue, mandatory: true, properties, JsonSerializer.SerializeToUtf8Bytes(Messages.Job(i))).AsTask()));
        await counter.Done.WaitAsync(TimeSpan.FromMinutes(2));
        var seconds = clock.Elapsed.TotalSeconds;

        await publisher.QueueDeleteAsync(Queue);
        return count / seconds;
    }
}
