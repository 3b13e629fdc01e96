using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Queues.Tests.Support;

namespace Queues.Tests.Notifications;

/// <summary>Every finished job is POSTed to Notifier:WebhookUrl, received here by a real HTTP server on loopback.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    const string Secret = "webhook-test-secret";
    readonly List<JsonElement> received = [];
    readonly List<bool> verified = [];
    WebApplication receiver = null!;
    WebhookApp app = null!;

    sealed class WebhookApp(string url) : StandaloneApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Notifier:WebhookUrl", url);
            builder.UseSetting("Notifier:WebhookSecret", Secret);
        }
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var valid = Verifies(request.Headers["X-Queues-Signature"].ToString(), body);
            lock (received)
            {
                received.Add(JsonSerializer.Deserialize<JsonElement>(body));
                verified.Add(valid);
            }
            return Results.Ok();
        });
        await receiver.StartAsync();
        app = new WebhookApp(receiver.Urls.First() + "/hook");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await receiver.StopAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task Completed_and_failed_jobs_are_posted_to_the_webhook()
    {
        var client = app.CreateClient();
        var ok = await client.WaitForEndAsync((await client.UploadAsync(TestImages.Jpeg(400, 300))).Id);
        var bad = await client.WaitForEndAsync((await client.UploadAsync(TestImages.TruncatedJpeg())).Id);

        var events = await Eventually.Until(() => { lock (received) return Task.FromResult(received.ToArray()); }, e => e.Length >= 2,
            "the webhook to receive both jobs");
        events.Length.ShouldBe(2);
        var completed = events.Single(e => e.GetProperty("jobId").GetGuid() == ok.Id);
        completed.GetProperty("event").GetString().ShouldBe("job.completed");
        completed.GetProperty("workerId").GetString().ShouldBe(app.WorkerId);
        completed.GetProperty("resultKey").GetString().ShouldBe($"results/{ok.Id:N}.jpg");
        var failed = events.Single(e => e.GetProperty("jobId").GetGuid() == bad.Id);
        failed.GetProperty("event").GetString().ShouldBe("job.failed");
        failed.GetProperty("reason").GetString()!.ShouldContain("premature end of JPEG");
        lock (received) verified.ShouldBe([true, true]);
    }

    /// <summary>What a receiver does (README "Access control"): HMAC-SHA256 of "t.body" with the shared secret, compared in constant time, and a recent t.</summary>
    static bool Verifies(string header, byte[] body)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, out var unix)) return false;
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - unix) > 300) return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(t + ".").Concat(body).ToArray());
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(expected)), Encoding.ASCII.GetBytes(v1));
    }
}
