using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Queues.Api.Jobs;
using Queues.ServiceDefaults.Messaging;
using RabbitMQ.Client;

namespace Queues.Api.Broker;

/// <summary>
/// The error queues on RabbitMQ. Listing peeks through the management API (messages stay where they are);
/// a replay takes each message from process-image_error, puts its job back to Queued, republishes the
/// message unchanged to process-image with a publisher confirm, and only then acknowledges it: a crash in
/// between leaves a duplicate at worst, never a loss.
/// </summary>
public sealed class RabbitMqDeadLetters(RabbitMqManagementClient management, IOptions<BusOptions> bus, JobsDbContext db,
    JobFeed feed, TimeProvider clock, ILogger<RabbitMqDeadLetters> logger) : IDeadLetterQueue
{
    const string Source = "rabbitmq";

    public async Task<DeadLetterList> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var queues = await management.GetQueuesAsync(cancellationToken);
        var counts = queues.Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal))
            .ToDictionary(q => q.Name, q => q.Ready + q.Unacknowledged);
        counts.TryAdd(QueueNames.ProcessImageErrors, 0);
        var peeked = await management.PeekAsync(QueueNames.ProcessImageErrors, limit, cancellationToken);
        return new DeadLetterList(Source, counts, peeked.Select(Describe).ToList());
    }

    public async Task<ReplayResult> ReplayAsync(Guid? jobId, CancellationToken cancellationToken)
    {
        await using var connection = await bus.Value.CreateConnectionFactory("queues-api-dlq-replay").CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);

        // Bounded by what is there now, so messages that fail again while we replay are not replayed twice.
        var waiting = await channel.MessageCountAsync(QueueNames.ProcessImageErrors, cancellationToken);
        var replayed = new List<Guid>();
        var skipped = new List<ulong>();
        try
        {
            for (var i = 0u; i < waiting; i++)
            {
                var message = await channel.BasicGetAsync(QueueNames.ProcessImageErrors, autoAck: false, cancellationToken);
                if (message is null) break;
                var id = JobIdOf(message.Body.Span);
                if (jobId is not null && id != jobId)
                {
                    skipped.Add(message.DeliveryTag);
                    continue;
                }
                if (id is { } job)
                {
                    await db.RequeueFailedAsync([job], alreadySent: true, clock.GetUtcNow().UtcDateTime, cancellationToken);
                    feed.Changed(job, JobState.Queued);
                    replayed.Add(job);
                }
                var properties = new BasicProperties(message.BasicProperties) { Persistent = true };
                // Default exchange + queue name: straight into process-image, whatever else is bound.
                await channel.BasicPublishAsync("", QueueNames.ProcessImage, mandatory: true, properties, message.Body, cancellationToken);
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            }
        }
        finally
        {
            foreach (var tag in skipped) await channel.BasicNackAsync(tag, multiple: false, requeue: true, CancellationToken.None);
        }
        logger.LogInformation("Replayed {Count} dead letters to {Queue}", replayed.Count, QueueNames.ProcessImage);
        return new ReplayResult(Source, replayed.Count, replayed);
    }

    static DeadLetter Describe(PeekedMessage message)
    {
        string? Header(string name) => message.Headers.TryGetValue(name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;
        var (jobId, key, operations) = Envelope(message.Payload);
        var failedAt = DateTime.TryParse(Header("MT-Fault-Timestamp"), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTime?)null;
        // MassTransit writes MT-Fault-RetryCount only when in-process retries happened.
        var retries = int.TryParse(Header("MT-Fault-RetryCount"), out var n) ? n : 0;
        return new DeadLetter(jobId ?? Guid.Empty, QueueNames.ProcessImageErrors, Header("MT-Fault-ExceptionType"),
            Header("MT-Fault-Message") ?? Header("MT-Reason") ?? "", failedAt, retries + 1, key, operations);
    }

    static Guid? JobIdOf(ReadOnlySpan<byte> body) => Envelope(System.Text.Encoding.UTF8.GetString(body)).JobId;

    /// <summary>MassTransit's JSON envelope: the ProcessImage fields sit under "message".</summary>
    static (Guid? JobId, string? Key, string[] Operations) Envelope(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            var m = doc.RootElement.GetProperty("message");
            return (m.GetProperty("jobId").GetGuid(), m.GetProperty("originalKey").GetString(),
                m.GetProperty("operations").EnumerateArray().Select(o => o.GetString() ?? "").ToArray());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return (null, null, []);
        }
    }
}
