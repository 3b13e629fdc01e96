using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Queues.ServiceDefaults.Messaging;

/// <summary>A message read from a queue without taking it: the body as MassTransit wrote it, and its headers.</summary>
public sealed record PeekedMessage(string Payload, IReadOnlyDictionary<string, JsonElement> Headers, bool Redelivered);

/// <summary>
/// The RabbitMQ management HTTP API: the broker's overview, queue depths and rates, and a look at messages in a
/// queue. Counts there lag the broker by a few seconds (its stats interval). The one client the Api, the
/// Monitoring tool and the load test share; failures surface as <see cref="HttpRequestException"/> (with the
/// status code when the broker answered) or a timeout, for each caller to word its own way.
/// </summary>
public sealed class RabbitMqManagementClient
{
    readonly HttpClient http;
    readonly string vhost;

    /// <summary>The typed client the hosts register: the bus's own settings. Marked, since the other constructor also takes an HttpClient.</summary>
    [Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor]
    public RabbitMqManagementClient(HttpClient http, IOptions<BusOptions> options)
        : this(http, options.Value.EffectiveManagementUrl, options.Value.Username, options.Value.Password, options.Value.VirtualHost) =>
        http.Timeout = TimeSpan.FromSeconds(5);

    /// <param name="managementUrl">e.g. http://127.0.0.1:15672/; used unless the client already has a base address.</param>
    public RabbitMqManagementClient(HttpClient http, Uri managementUrl, string username, string password, string virtualHost)
    {
        http.BaseAddress ??= managementUrl;
        http.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        this.http = http;
        vhost = Uri.EscapeDataString(virtualHost);
    }

    /// <summary>A client for a URL that may carry its credentials (http://user:password@host:15672, the load test's form).</summary>
    public static RabbitMqManagementClient ForUrl(HttpClient http, Uri url, string virtualHost = "/")
    {
        var (bare, user, password) = SplitCredentials(url);
        return new RabbitMqManagementClient(http, bare, user ?? "guest", password ?? "guest", virtualHost);
    }

    /// <summary>http://user:p%40ss@host:15672 → (http://host:15672/, user, p@ss); no user info → nulls.</summary>
    public static (Uri Url, string? User, string? Password) SplitCredentials(Uri url)
    {
        var bare = new UriBuilder(url) { UserName = "", Password = "" }.Uri;
        bare = new Uri(bare.ToString().TrimEnd('/') + "/");
        if (url.UserInfo.Length == 0) return (bare, null, null);
        var (user, password) = url.UserInfo.Split(':', 2) is [var u, var p] ? (u, p) : (url.UserInfo, "");
        return (bare, Uri.UnescapeDataString(user), Uri.UnescapeDataString(password));
    }

    /// <summary>The broker's version, node, totals and rates: GET /api/overview.</summary>
    public async Task<BrokerOverview> GetOverviewAsync(CancellationToken cancellationToken = default) =>
        RabbitMqManagementJson.ParseOverview(await http.GetStringAsync("api/overview", cancellationToken));

    /// <summary>Every queue of the virtual host, by name.</summary>
    public async Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(CancellationToken cancellationToken = default)
    {
        var json = await http.GetStringAsync(
            $"api/queues/{vhost}?columns=name,messages_ready,messages_unacknowledged,consumers,message_stats", cancellationToken);
        return RabbitMqManagementJson.ParseQueues(json).OrderBy(q => q.Name).ToList();
    }

    public static QueueInfo ParseQueue(JsonElement q) => RabbitMqManagementJson.ParseQueue(q);

    /// <summary>One queue, or null when the broker has no such queue (yet).</summary>
    public async Task<QueueInfo?> GetQueueAsync(string queue, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync($"api/queues/{vhost}/{Uri.EscapeDataString(queue)}", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return RabbitMqManagementJson.ParseQueue(doc.RootElement);
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
