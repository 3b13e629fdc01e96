using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Queues.EndToEnd.Tests;

/// <summary>A real HTTP server on loopback that the Notifier posts finished jobs to; it counts deliveries per job.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentDictionary<Guid, int> deliveries = new();

    public string Url { get; private set; } = "";

    WebhookReceiver(WebApplication app) => this.app = app;

    public static WebhookReceiver Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            receiver.deliveries.AddOrUpdate(body.GetProperty("jobId").GetGuid(), 1, (_, n) => n + 1);
            return Results.Ok();
        });
        app.StartAsync().GetAwaiter().GetResult();
        receiver.Url = app.Urls.First() + "/hook";
        return receiver;
    }

    /// <summary>How many times each job was delivered, zero for one never delivered.</summary>
    public int DeliveriesOf(Guid jobId) => deliveries.GetValueOrDefault(jobId);

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
