using System.Collections.Concurrent;
using Queues.ServiceDefaults.Messaging;

namespace Queues.LoadTest.Client;

/// <summary>
/// Messages in one RabbitMQ queue (ready + unacknowledged), once a second, through the management client the Api
/// uses. The management API's counts trail the broker by a few seconds, so the peak is approximate.
/// </summary>
/// <param name="managementUrl">e.g. http://guest:guest@127.0.0.1:15672: credentials in the URL, guest/guest without.</param>
public sealed class QueueDepthProbe(Uri managementUrl, string queue)
{
    readonly ConcurrentDictionary<int, long> peakBySecond = new();

    public long? Latest { get; private set; }
    public IReadOnlyDictionary<int, long> PeakBySecond => peakBySecond;

    public async Task RunAsync(Func<double> nowMs, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var management = RabbitMqManagementClient.ForUrl(http, managementUrl);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await management.GetQueueAsync(queue, cancellationToken) is { } q)
                {
                    var count = q.Ready + q.Unacknowledged;
                    Latest = count;
                    peakBySecond.AddOrUpdate((int)(nowMs() / 1000), count, (_, old) => Math.Max(old, count));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException) { } // a busy broker: next second

            try { await Task.Delay(1000, cancellationToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
