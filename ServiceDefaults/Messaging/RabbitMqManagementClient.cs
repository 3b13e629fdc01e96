using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Queues.ServiceDefaults.Messaging;

public sealed record QueueInfo(string Name, long Ready, long Unacknowledged, int Consumers,
    double PublishRate, double DeliverRate, double AckRate);

/// <summary>A message read from a queue without taking it: the body as MassTransit wrote it, and its headers.</summary>
public sealed record PeekedMessage(string Payload, IReadOnlyDictionary<string, JsonElement> Headers, bool Redelivered);

/// <summary>
/// The RabbitMQ management HTTP API: queue depths and rates, and a look at messages in a queue.
/// Counts there lag the broker by a few seconds (its stats interval).
/// </summary>
public sealed class RabbitMqManagementClient
{
    readonly HttpClient http;
    readonly string vhost;

    public RabbitMqManagementClient(HttpClient http, IOptions<BusOptions> options)
    {
        var bus = options.Value;
        http.BaseAddress ??= bus.EffectiveManagementUrl;
        http.Timeout = TimeSpan.FromSeconds(5);
        http.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{bus.Username}:{bus.Password}")));
        this.http = http;
        vhost = Uri.EscapeDataString(bus.VirtualHost);
    }

    public async Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(CancellationToken cancellationToken = default)
    {
        var queues = await http.GetFromJsonAsync<JsonElement>(
            $"api/queues/{vhost}?columns=name,messages_ready,messages_unacknowledged,consumers,message_stats", cancellationToken);
        return queues.EnumerateArray().Select(ParseQueue).OrderBy(q => q.Name).ToList();
    }

    public static QueueInfo ParseQueue(JsonElement q)
    {
        double Rate(string name) =>
            q.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty(name + "_details", out var d)
                ? d.GetProperty("rate").GetDouble() : 0;
        long Count(string name) => q.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
        return new QueueInfo(q.GetProperty("name").GetString()!, Count("messages_ready"), Count("messages_unacknowledged"),
            (int)Count("consumers"), Rate("publish"), Rate("deliver_get"), Rate("ack"));
    }

    /// <summary>Reads up to <paramref name="count"/> messages and puts them straight back (ack_requeue_true).</summary>
    public async Task<IReadOnlyList<PeekedMessage>> PeekAsync(string queue, int count, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync($"api/queues/{vhost}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto", truncate = 100_000 }, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return messages.EnumerateArray().Select(m =>
        {
            var headers = m.GetProperty("properties").TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object
                ? h.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())
                : new Dictionary<string, JsonElement>();
            return new PeekedMessage(m.GetProperty("payload").GetString() ?? "", headers, m.GetProperty("redelivered").GetBoolean());
        }).ToList();
    }
}
