using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>
/// The standalone app with the timeline flushing often, on SQLite or on a PostgreSQL database of its own; webhooks go
/// nowhere (each try fails at once) and are tried twice, quickly.
/// </summary>
public sealed class TimelineApp(IReadOnlyDictionary<string, string>? settings = null, string? postgres = null) : StandaloneApp
{
    public const string TraceViewer = "http://traces.example/trace/{traceId}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Timeline:FlushInterval", "00:00:00.020");
        builder.UseSetting("Dashboard:TraceViewerUrl", TraceViewer);
        builder.UseSetting("Webhooks:MaxAttempts", "2");
        builder.UseSetting("Webhooks:RetryMinDelay", "00:00:00.010");
        builder.UseSetting("Webhooks:RetryMaxDelay", "00:00:00.020");
        if (postgres is not null)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("Database:ConnectionString", postgres);
        }
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(name, value);
        builder.ConfigureTestServices(services => services.RefuseWebhookConnections());
    }

    public async Task<List<JobEvent>> StoredEventsAsync(Guid jobId)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.JobsOfEveryTenant().JobEvents().AsNoTracking().Where(e => e.JobId == jobId).OrderBy(e => e.Id).ToListAsync();
    }
}

public static class TimelineClient
{
    public static async Task<JobTimelineView> GetTimelineAsync(this HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<JobTimelineView>($"/jobs/{id}/timeline", StandaloneApp.Json))!;

    /// <summary>Polls the timeline until <paramref name="done"/> holds.</summary>
    public static Task<JobTimelineView> WaitForTimelineAsync(this HttpClient client, Guid id, Func<JobTimelineView, bool> done, string awaited) =>
        Eventually.Until(() => client.GetTimelineAsync(id), done, $"job {id}'s timeline to show {awaited}");

    public static string[] Kinds(this JobTimelineView timeline, params string[] except) =>
        [.. timeline.Events.Select(e => e.Kind).Where(k => !except.Contains(k))];
}
