using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Queues.EndToEnd.Tests;

/// <summary>One browser's <c>GET /events</c> on one replica: every "job" event it receives, in order, read in the background.</summary>
public sealed class LiveFeed : IAsyncDisposable
{
    public sealed record Change(Guid JobId, string State, string Replica, bool Deleted = false);

    readonly HttpClient http;
    readonly CancellationTokenSource stop = new();
    readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Task reading;

    public ConcurrentQueue<Change> Changes { get; } = new();

    LiveFeed(Uri replica)
    {
        http = new HttpClient { BaseAddress = replica, Timeout = Timeout.InfiniteTimeSpan };
        reading = ReadAsync();
    }

    /// <summary>Connected: the stream's first comment arrived, so every change from now on reaches it.</summary>
    public static async Task<LiveFeed> OpenAsync(Uri replica)
    {
        var feed = new LiveFeed(replica);
        await feed.connected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return feed;
    }

    public IEnumerable<Change> Completed => Changes.Where(c => c.State == "Completed" && !c.Deleted);

    public IEnumerable<Change> Deleted => Changes.Where(c => c.Deleted);

    async Task ReadAsync()
    {
        try
        {
            using var response = await http.GetAsync("events", HttpCompletionOption.ResponseHeadersRead, stop.Token);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
            // The "connected" comment is sent before any event, but the parser skips comments: the headers arriving
            // means the server subscribed this stream to the feed before it wrote them.
            connected.TrySetResult();
            await foreach (var item in SseParser.Create(body).EnumerateAsync(stop.Token))
            {
                if (item.EventType != "job") continue;
                using var doc = JsonDocument.Parse(item.Data);
                var root = doc.RootElement;
                Changes.Enqueue(new Change(root.GetProperty("jobId").GetGuid(), root.GetProperty("state").GetString()!,
                    root.GetProperty("replica").GetString()!, root.TryGetProperty("deleted", out var deleted) && deleted.GetBoolean()));
            }
        }
        catch (Exception e) when (e is OperationCanceledException && stop.IsCancellationRequested) { }
        catch (Exception e)
        {
            connected.TrySetException(e);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try { await reading; } catch (Exception) when (stop.IsCancellationRequested) { }
        http.Dispose();
        stop.Dispose();
    }
}
