using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Jobs;
using Queues.ServiceDefaults.Messaging;
using RabbitMQ.Client;

namespace Queues.Api.Broker;

/// <summary>
/// The error queues on RabbitMQ. Listing peeks through the management API (messages stay where they are), with
/// each job's failure kind from the jobs table. A replay takes each message from process-image_error and moves its
/// job Failed → Queued through <see cref="JobTransitions"/>; only if that applied is the message republished
/// unchanged to process-image (publisher confirm) and then acknowledged. A dead letter whose job is no longer
/// Failed (retried by id, replayed already, finished) is dropped, so a retry and a replay cannot both send it.
/// </summary>
public sealed class RabbitMqDeadLetters(RabbitMqManagementClient management, IOptions<BusOptions> bus, JobsDbContext db,
    JobTransitions transitions, ILogger<RabbitMqDeadLetters> logger) : IDeadLetterQueue
{
    const string Source = "rabbitmq";

    /// <summary>The error queues can only be read message by message: by reason and time over the first 1,000.</summary>
    public async Task<DeadLetterStats> StatsAsync(CancellationToken cancellationToken) =>
        DeadLetterStats.Of(await ListAsync(1000, cancellationToken));

    public async Task<DeadLetterList> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var queues = await management.GetQueuesAsync(cancellationToken);
        var counts = queues.Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal))
            .ToDictionary(q => q.Name, q => q.Ready + q.Unacknowledged);
        counts.TryAdd(QueueNames.ProcessImageErrors, 0);
        var letters = (await management.PeekAsync(QueueNames.ProcessImageErrors, limit, cancellationToken)).Select(Describe).ToList();
        var ids = letters.Select(l => l.JobId).ToList();
        var kinds = await db.Jobs.AsNoTracking().Where(j => ids.Contains(j.Id) && j.FailureKind != null)
            .ToDictionaryAsync(j => j.Id, j => j.FailureKind, cancellationToken);
        return new DeadLetterList(Source, counts, letters.Select(l => l with { Kind = kinds.GetValueOrDefault(l.JobId) }).ToList());
    }

    public async Task<ReplayResult> ReplayAsync(Guid? jobId, CancellationToken cancellationToken)
    {
        await using var connection = await bus.Value.ConnectAsync("queues-api-dlq-replay", cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);

        // Bounded by what is there now, so messages that fail again while we replay are not replayed twice.
        var waiting = await channel.MessageCountAsync(QueueNames.ProcessImageErrors, cancellationToken);
        var replayed = new List<Guid>();
        var skipped = new List<ulong>();
        var discarded = 0;
        try
        {
            for (var i = 0u; i < waiting; i++)
            {
                var message = await channel.BasicGetAsync(QueueNames.ProcessImageErrors, autoAck: false, cancellationToken);
                if (message is null) break;
                // Not ours to judge (another job's, or no job at all): it stays where it is.
                if (JobIdOf(message.Body.Span) is not { } job || (jobId is not null && job != jobId))
                {
                    skipped.Add(message.DeliveryTag);
                    continue;
                }
                if (!await transitions.RequeueAsync(job, alreadySent: true, cancellationToken))
                {
                    await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
                    discarded++;
                    continue;
                }
                try
                {
                    var properties = new BasicProperties(message.BasicProperties) { Persistent = true };
                    // Default exchange + queue name: straight into process-image, whatever else is bound.
                    await channel.BasicPublishAsync("", QueueNames.ProcessImage, mandatory: true, properties, message.Body, cancellationToken);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // The job is Queued now: the outbox sends it, and the dead letter, left unacknowledged, is dropped by a later replay.
                    await transitions.SendAgainAsync(job, CancellationToken.None);
                    throw;
                }
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
                replayed.Add(job);
            }
        }
        finally
        {
            foreach (var tag in skipped) await channel.BasicNackAsync(tag, multiple: false, requeue: true, CancellationToken.None);
        }
        logger.LogInformation("Replayed {Count} dead letters to {Queue}, dropped {Discarded} superseded ones", replayed.Count,
            QueueNames.ProcessImage, discarded);
        return new ReplayResult(Source, replayed.Count, replayed, discarded);
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
        return new DeadLetter(jobId ?? Guid.Empty, QueueNames.ProcessImageErrors, Header("MT-Fault-ExceptionType"), null,
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
