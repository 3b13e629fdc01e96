using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Queues.Api.Access;
using Queues.Api.Jobs;

namespace Queues.Api.Dashboard;

/// <summary>
/// GET /events: Server-Sent Events for the dashboard. "job" events carry job state changes, "batch" events a batch's end, "worker" events
/// carry workers coming online, going offline and being forgotten; a comment line goes out whenever the stream
/// has been idle for a while. Written by hand because the framework's SSE result cannot send comments.
/// </summary>
public static class EventsApi
{
    /// <summary>How long a browser waits before reconnecting after the stream drops (an API restart).</summary>
    const int ReconnectMilliseconds = 2000;

    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/events", Stream).WithTags("Dashboard").Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithSummary("Live job and worker changes as Server-Sent Events (event types 'job', 'progress', 'batch' and 'worker')");
        return app;
    }

    /// <summary>A submitter hears only its tenant's jobs and nothing of the workers (an operator's panel).</summary>
    static async Task Stream(HttpContext http, JobFeed jobs, BatchFeed batches, WorkerRegistry workers, IOptions<DashboardOptions> options,
        IOptions<JsonOptions> json, IHostApplicationLifetime lifetime, IServiceScopeFactory scopes)
    {
        var tenant = http.User.TenantScope();
        var visibility = tenant is null ? null : new TenantVisibility(scopes, tenant);
        // The app's shutdown ends the stream too, or an open dashboard would hold a stopping server for its full timeout.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var token = stop.Token;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var pending = Channel.CreateBounded<string>(new BoundedChannelOptions(2000) { FullMode = BoundedChannelFullMode.DropOldest });
        var serializer = json.Value.SerializerOptions;
        var pumps = Task.WhenAll(
            Pump(jobs.Subscribe(token), "job", change => visibility?.SeesAsync(change.JobId, token) ?? ValueTask.FromResult(true)),
            Pump(jobs.SubscribeProgress(token), "progress", change => visibility?.SeesAsync(change.JobId, token) ?? ValueTask.FromResult(true)),
            Pump(batches.Subscribe(token), "batch", end => ValueTask.FromResult(tenant is null || end.Tenant == tenant)),
            visibility is null ? Pump(workers.Subscribe(token), "worker", _ => ValueTask.FromResult(true)) : Task.CompletedTask);

        async Task Pump<T>(IAsyncEnumerable<T> source, string type, Func<T, ValueTask<bool>> shown)
        {
            try
            {
                await foreach (var item in source)
                    if (await shown(item)) pending.Writer.TryWrite($"event: {type}\ndata: {JsonSerializer.Serialize(item, serializer)}\n\n");
            }
            catch (OperationCanceledException) { }
        }

        try
        {
            // Distributed: the other replicas relay their changes only while some replica has subscribers; tell them first.
            using var watch = http.RequestServices.GetService<JobChangeRelay>() is { } relay ? await relay.WatchAsync(token) : null;
            await Write(http, $"retry: {ReconnectMilliseconds}\n: connected\n\n", token);
            var keepAlive = options.Value.EventsKeepAlive;
            while (!token.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(token);
                idle.CancelAfter(keepAlive);
                string text;
                try { text = await pending.Reader.ReadAsync(idle.Token); }
                catch (OperationCanceledException) when (!token.IsCancellationRequested) { text = ": keep-alive\n\n"; }
                // What piled up meanwhile goes out with it, in one flush.
                await http.Response.WriteAsync(text, token);
                for (var more = 0; more < 100 && pending.Reader.TryRead(out var next); more++)
                    await http.Response.WriteAsync(next, token);
                await http.Response.Body.FlushAsync(token);
            }
        }
        catch (OperationCanceledException) { }
        catch (IOException) { } // the browser went away mid-write
        finally
        {
            await stop.CancelAsync();
            await pumps;
        }
    }

    static async Task Write(HttpContext http, string text, CancellationToken token)
    {
        await http.Response.WriteAsync(text, token);
        await http.Response.Body.FlushAsync(token);
    }
}
