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
    public sealed record Request(Guid JobId, string Path, string? WebhookId, bool SignatureValid, bool Accepted, JsonElement Body);

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

    /// <param name="secret">Notifier:WebhookSecret, to check each X-Queues-Signature with; null: none expected.</param>
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
        var jobId = json.GetProperty("jobId").GetGuid();
        var valid = secret is null || Verifies(context.Request.Headers["X-Queues-Signature"].ToString(), body, secret);
        Request request;
        lock (requests)
        {
            var before = requests.Count(r => r.JobId == jobId && r.Path == path);
            request = new Request(jobId, path, context.Request.Headers["X-Webhook-Id"].FirstOrDefault(), valid, before >= FailFirst, json);
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

    /// <summary>What a receiver does (docs/security.md, "Webhook signatures"): HMAC-SHA256 of "t.body" with the shared secret, compared in constant time, and a recent t.</summary>
    public static bool Verifies(string header, byte[] body, string secret)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, out var unix)) return false;
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - unix) > 300) return false;   // refuse replays of old deliveries
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(t + ".").Concat(body).ToArray());
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(expected)), Encoding.ASCII.GetBytes(v1));
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
