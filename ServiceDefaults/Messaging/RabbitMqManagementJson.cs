using System.Text.Json;

namespace Queues.ServiceDefaults.Messaging;

/// <summary>One queue as the management API reports it; rates are messages per second over its last sample window.</summary>
public sealed record QueueInfo(string Name, long Ready, long Unacknowledged, int Consumers,
    double PublishRate, double DeliverRate, double AckRate)
{
    /// <summary>One process's own queue (its heartbeats, live feed, cancellations…), gone when it stops: plumbing, not work.</summary>
    public bool PerProcess => QueueNames.IsPerProcess(Name);
}

public sealed record BrokerOverview(string Version, string Node, long Ready, long Unacknowledged, long Consumers, long Queues,
    long Connections, double PublishRate, double DeliverRate, double AckRate);

/// <summary>
/// GET /api/queues and GET /api/overview, read. Counts are absent until the broker has sampled a queue once
/// (and message_stats until a message moved), so missing fields read as zero rather than failing the reading.
/// </summary>
public static class RabbitMqManagementJson
{
    public static IReadOnlyList<QueueInfo> ParseQueues(string json)
    {
        using var doc = JsonDocument.Parse(json);
        // /api/queues answers a bare array; with ?page=… it answers {"items": [...]}.
        var items = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.GetProperty("items");
        return items.EnumerateArray().Select(ParseQueue).ToList();
    }

    public static QueueInfo ParseQueue(JsonElement q) =>
        new(Text(q, "name"), Count(q, "messages_ready"), Count(q, "messages_unacknowledged"), (int)Count(q, "consumers"),
            Rate(q, "publish"), Rate(q, "deliver_get"), Rate(q, "ack"));

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
        && stats.TryGetProperty(stat + "_details", out var details) && details.ValueKind == JsonValueKind.Object
        && details.TryGetProperty("rate", out var rate) && rate.ValueKind == JsonValueKind.Number ? rate.GetDouble() : 0;
}
