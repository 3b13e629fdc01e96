using System.Text.Json;

namespace Queues.Monitoring.Sources;

/// <summary>One queue as the RabbitMQ management API reports it; rates are messages per second over its last sample window.</summary>
public sealed record QueueStats(string Name, string VirtualHost, long Ready, long Unacked, long Consumers,
    double PublishRate, double DeliverRate, double AckRate);

public sealed record BrokerOverview(string Version, string Node, long Ready, long Unacked, long Consumers, long Queues,
    long Connections, double PublishRate, double DeliverRate, double AckRate);

/// <summary>
/// Reads GET /api/queues and GET /api/overview. Counts and message_stats are absent until the broker has
/// sampled a queue once (and message_stats until a message moved), so missing fields read as zero.
/// </summary>
public static class ManagementJson
{
    public static IReadOnlyList<QueueStats> ParseQueues(string json)
    {
        using var doc = JsonDocument.Parse(json);
        // /api/queues answers a bare array; with ?page=… it answers {"items": [...]}.
        var items = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.GetProperty("items");
        return items.EnumerateArray().Select(q => new QueueStats(
            Text(q, "name"), Text(q, "vhost"),
            Count(q, "messages_ready"), Count(q, "messages_unacknowledged"), Count(q, "consumers"),
            Rate(q, "publish"), Rate(q, "deliver_get"), Rate(q, "ack"))).ToList();
    }

    public static BrokerOverview ParseOverview(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var totals = root.TryGetProperty("queue_totals", out var t) ? t : default;
        var objects = root.TryGetProperty("object_totals", out var o) ? o : default;
        return new BrokerOverview(Text(root, "rabbitmq_version"), Text(root, "node"),
            Count(totals, "messages_ready"), Count(totals, "messages_unacknowledged"), Count(objects, "consumers"),
            Count(objects, "queues"), Count(objects, "connections"),
            Rate(root, "publish"), Rate(root, "deliver_get"), Rate(root, "ack"));
    }

    static string Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    static long Count(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;

    /// <summary>message_stats.{stat}_details.rate.</summary>
    static double Rate(JsonElement e, string stat) =>
        e.ValueKind == JsonValueKind.Object
        && e.TryGetProperty("message_stats", out var stats) && stats.ValueKind == JsonValueKind.Object
        && stats.TryGetProperty(stat + "_details", out var details) && details.TryGetProperty("rate", out var rate)
        && rate.ValueKind == JsonValueKind.Number ? rate.GetDouble() : 0;
}
