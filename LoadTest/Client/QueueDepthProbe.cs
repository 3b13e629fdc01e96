using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Queues.LoadTest.Client;

/// <summary>
/// Messages in one RabbitMQ queue (ready + unacknowledged), once a second, from the management API.
/// The management API's counts trail the broker by a few seconds, so the peak is approximate.
/// </summary>
public sealed class QueueDepthProbe(Uri managementUrl, string queue)
{
    readonly ConcurrentDictionary<int, long> peakBySecond = new();

    public long? Latest { get; private set; }
    public IReadOnlyDictionary<int, long> PeakBySecond => peakBySecond;

    public async Task RunAsync(Func<double> nowMs, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(managementUrl.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromSeconds(5) };
        var user = Uri.UnescapeDataString(managementUrl.UserInfo is { Length: > 0 } info ? info : "guest:guest");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user)));
        var path = $"/api/queues/%2F/{Uri.EscapeDataString(queue)}";
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var doc = JsonDocument.Parse(await http.GetStringAsync(path, cancellationToken));
                if (doc.RootElement.TryGetProperty("messages", out var messages) && messages.TryGetInt64(out var count))
                {
                    Latest = count;
                    peakBySecond.AddOrUpdate((int)(nowMs() / 1000), count, (_, old) => Math.Max(old, count));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException) { } // a busy broker: next second

            try { await Task.Delay(1000, cancellationToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
