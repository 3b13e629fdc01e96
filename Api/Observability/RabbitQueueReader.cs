using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Observability;

/// <summary>One queue's depth and consumers from the RabbitMQ management API (GET /api/queues/{vhost}/{name}).</summary>
public sealed class RabbitQueueReader(HttpClient http, IOptions<BusOptions> bus)
{
    public const string Source = "rabbitmq";

    /// <summary>Null when the queue does not exist yet: no consumer of it has started.</summary>
    public async Task<QueueReading?> ReadAsync(string queue, CancellationToken cancellationToken)
    {
        var path = $"api/queues/{Uri.EscapeDataString(bus.Value.VirtualHost)}/{Uri.EscapeDataString(queue)}";
        using var response = await http.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        // A queue declared moments ago has no counts yet: the broker publishes them on its next stats tick.
        long Count(string name) => json.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
        return new QueueReading(queue, Source, Count("messages_ready"), Count("messages_unacknowledged"), Count("consumers"), null);
    }

    public static void Configure(HttpClient http, QueueMetricsOptions options, BusOptions bus)
    {
        var url = string.IsNullOrWhiteSpace(options.ManagementUrl) ? $"http://{bus.Host}:15672" : options.ManagementUrl;
        http.BaseAddress = new Uri(url.TrimEnd('/') + "/");
        http.Timeout = TimeSpan.FromSeconds(3);
        http.DefaultRequestHeaders.Authorization = new("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{bus.Username}:{bus.Password}")));
    }
}
