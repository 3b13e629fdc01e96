using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Queues.Tests.Support;

namespace Queues.Tests.Notifications;

/// <summary>Every finished job is POSTed to Notifier:WebhookUrl, received here by a real HTTP server on loopback.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    readonly List<JsonElement> received = [];
    WebApplication receiver = null!;
    WebhookApp app = null!;

    sealed class WebhookApp(string url) : StandaloneApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Notifier:WebhookUrl", url);
        }
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            lock (received) received.Add(body);
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
    }
}
