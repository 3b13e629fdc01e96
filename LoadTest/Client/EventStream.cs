using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Queues.LoadTest.Client;

/// <summary>
/// Server-sent events from <c>GET /events</c>, when the API offers them, framed by <see cref="SseParser"/>: the data
/// of each <c>job</c> (or untyped) event is read as JSON with a job id (<c>jobId</c> or <c>id</c>) and a <c>state</c>
/// (name or number). Anything else (the dashboard's <c>worker</c> events, comments, keep-alives) is ignored.
/// </summary>
public static class EventStream
{
    public sealed record Change(Guid JobId, string State);

    /// <summary>Null when the API has no event stream (404, not text/event-stream, refused).</summary>
    public static async Task<HttpResponseMessage?> TryOpenAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/events");
            request.Headers.Accept.ParseAdd("text/event-stream");
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "text/event-stream") return response;
            response.Dispose();
        }
        catch (HttpRequestException) { }
        return null;
    }

    public static async IAsyncEnumerable<Change> ReadAsync(HttpResponseMessage response,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
            if ((item.EventType is "job" or SseParser.EventTypeDefault) && Parse(item.Data) is { } change)
                yield return change;
    }

    public static Change? Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            Guid? id = null;
            string? state = null;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.NameEquals("jobId") || p.NameEquals("JobId") || p.NameEquals("id") || p.NameEquals("Id"))
                    id = p.Value.ValueKind == JsonValueKind.String && p.Value.TryGetGuid(out var g) ? g : id;
                else if (p.NameEquals("state") || p.NameEquals("State"))
                    state = p.Value.ValueKind == JsonValueKind.Number ? StateName(p.Value.GetInt32()) : p.Value.GetString();
            }
            return id is { } jobId && state is not null ? new Change(jobId, state) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The API's JobState enum order, for a stream that writes states as numbers.
    static string StateName(int value) => value switch { 0 => "Queued", 1 => "Processing", 2 => "Completed", 3 => "Failed", _ => "" };
}
