using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Queues.Tests.Support;

/// <summary>
/// A real HTTP server on loopback that webhooks are posted to. It keeps every request it answered, checks each
/// signature, and can play a bad receiver: the first <see cref="FailFirst"/> requests per job and path answer 503,
/// and while <see cref="Down"/> every connection is dropped without an answer.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <param name="Accepted">Answered 200; the others answered 503.</param>
    /// <param name="Headers">The Standard Webhooks headers as received, with <paramref name="RawBody"/> for a library to verify.</param>
    public sealed record Request(Guid JobId, string Path, string? WebhookId, bool SignatureValid, bool Accepted, JsonElement Body,
        IReadOnlyDictionary<string, string> Headers, string RawBody);

    readonly WebApplication app;
    readonly string? secret;
    readonly ConcurrentQueue<Request> requests = new();
    int dropped;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The default path; <see cref="UrlFor"/> gives others, counted apart.</summary>
    public string Url => UrlFor("hook");

    public string UrlFor(string path) => $"{BaseUrl}/{path}";

    public int FailFirst { get; set; }
    public bool Down { get; set; }

    /// <summary>Connections dropped while <see cref="Down"/>: attempts that reached the receiver and got no answer.</summary>
    public int Dropped => Volatile.Read(ref dropped);

    WebhookReceiver(WebApplication app, string? secret)
    {
        this.app = app;
        this.secret = secret;
    }

    /// <param name="secret">Notifier:WebhookSecret (<c>whsec_…</c>), to check each webhook-signature with; null: none expected.</param>
    public static WebhookReceiver Start(string? secret = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret);
        app.MapPost("/{path}", receiver.ReceiveAsync);
        app.StartAsync().GetAwaiter().GetResult();
        receiver.BaseUrl = app.Urls.First();
        return receiver;
    }

    async Task<IResult> ReceiveAsync(string path, HttpContext context)
    {
        if (Down)
        {
            Interlocked.Increment(ref dropped);
            context.Abort();
            return Results.Empty;
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var json = JsonSerializer.Deserialize<JsonElement>(body);
        // A batch's webhook (batch.completed) names its batch where a job's names its job.
        var jobId = (json.TryGetProperty("jobId", out var job) ? job : json.GetProperty("batchId")).GetGuid();
        var headers = new[] { IdHeader, TimestampHeader, SignatureHeader }
            .Where(h => context.Request.Headers.ContainsKey(h)).ToDictionary(h => h, h => context.Request.Headers[h].ToString());
        string Header(string name) => headers.GetValueOrDefault(name, "");
        var valid = secret is null || Verifies(Header(IdHeader), Header(TimestampHeader), Header(SignatureHeader), body, secret);
        Request request;
        lock (requests)
        {
            var before = requests.Count(r => r.JobId == jobId && r.Path == path);
            request = new Request(jobId, path, headers.GetValueOrDefault(IdHeader), valid, before >= FailFirst, json, headers,
                Encoding.UTF8.GetString(body));
            requests.Enqueue(request);
        }
        return request.Accepted ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Every request answered for the job, in order; on one path, or all.</summary>
    public IReadOnlyList<Request> RequestsFor(Guid jobId, string? path = null) =>
        requests.Where(r => r.JobId == jobId && (path is null || r.Path == path)).ToList();

    /// <summary>How many times each job was delivered (answered 200), zero for one never delivered.</summary>
    public int DeliveriesOf(Guid jobId) => RequestsFor(jobId).Count(r => r.Accepted);

    /// <summary>The same, on one path.</summary>
    public int DeliveriesOf(Guid jobId, string path) => RequestsFor(jobId, path).Count(r => r.Accepted);

    public const string IdHeader = "webhook-id", TimestampHeader = "webhook-timestamp", SignatureHeader = "webhook-signature";

    /// <summary>
    /// The Standard Webhooks check, written from the spec rather than taken from the library the notifier signs with, so
    /// the two cannot share a mistake: the key is the base64 after "whsec_"; one of the space-separated "v1,BASE64"
    /// signatures must be HMAC-SHA256 of "id.timestamp.body", compared in constant time; the timestamp within 5 minutes.
    /// </summary>
    public static bool Verifies(string id, string timestamp, string signatures, byte[] body, string secret)
    {
        if (!long.TryParse(timestamp, out var unix) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - unix) > 300) return false;
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);
        var expected = Encoding.ASCII.GetBytes("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body])));
        return signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(s)));
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
