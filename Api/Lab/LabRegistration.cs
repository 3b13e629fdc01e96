using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Access;
using Queues.Api.Dashboard;
using Queues.Api.Jobs;
using Queues.ServiceDefaults.Messaging;
using Queues.ServiceDefaults.Storage;

namespace Queues.Api.Lab;

public static class LabRegistration
{
    public static IHostApplicationBuilder AddLab(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LabOptions>().BindConfiguration("Lab");
        builder.Services.AddSingleton<LabMarkers>();
        // A cluster node's start takes tens of seconds, longer on a busy machine: the app host answers once it is healthy.
        builder.Services.AddHttpClient<LabControl>((services, http) =>
        {
            var lab = services.GetRequiredService<IOptions<LabOptions>>().Value;
            http.BaseAddress = new Uri(lab.ControlUrl ?? "http://127.0.0.1:18895/");
            http.DefaultRequestHeaders.Authorization = new("Bearer", lab.ControlToken ?? "");
            http.Timeout = TimeSpan.FromMinutes(5);
        });
        builder.Services.AddSingleton<LabFloods>();
        return builder;
    }

    /// <summary>
    /// The /lab paths, for operators, and only in lab mode: otherwise none is mapped, so each is 404. Each action answers
    /// once it has taken effect and leaves a marker for the dashboard's charts (docs/decisions/0011).
    /// </summary>
    public static IEndpointRouteBuilder MapLab(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<LabOptions>>().Value.Enabled) return app;
        var lab = app.MapGroup("/lab").WithTags("Lab").OperatorOnly()
            .AddEndpointFilter(async (context, next) =>
            {
                try { return await next(context); }
                catch (TimeoutException e) { return LabProblems.Timeout(e.Message); }
            });
        lab.MapGet("/", Get).WithSummary("The lab's processes: workers (pid, alive, heartbeat status, jobs held), broker and storage up or down, floods");
        lab.MapGet("/markers", Markers)
            .WithSummary("The lab's actions (a worker killed, the broker stopped), oldest first; since: only those after it (ISO 8601)");
        lab.MapLabWorkers().MapLabServices().MapLabUploads();
        return app;
    }

    static async Task<Ok<LabView>> Get(LabControl control, WorkerRegistry registry, LabFloods floods, IOptions<BusOptions> bus,
        IOptions<StorageOptions> storage, CancellationToken cancellationToken)
    {
        var store = LabServicesApi.ProbeAsync(LabServicesApi.StorageAddress(storage.Value), cancellationToken);
        var nodes = await Task.WhenAll(LabServicesApi.ClusterNodes(bus.Value).Select(node => LabServicesApi.ProbeAsync(node, cancellationToken)));
        // A cluster is up while any node serves: the services reconnect to the next one in Bus:ClusterNodes.
        var broker = nodes.Length == 0 ? await LabServicesApi.ProbeAsync(LabServicesApi.BrokerAddress(bus.Value), cancellationToken)
            : new LabService("broker", bus.Value.ClusterNodes, nodes.Any(n => n.Up));
        return TypedResults.Ok(new LabView(await LabWorkersApi.WorkersAsync(control, registry, cancellationToken), broker, await store, floods.All(), nodes));
    }

    /// <summary>
    /// Each marker with the time from it to the next job completed (none yet: null), read from the jobs' finish times: after
    /// "broker started", how long the system took to deliver again.
    /// </summary>
    static async Task<Ok<List<LabMarkerView>>> Markers(LabMarkers markers, JobsDbContext db, DateTime? since, CancellationToken cancellationToken)
    {
        var jobs = db.SeeAllTenants().Jobs;
        var views = new List<LabMarkerView>();
        foreach (var marker in markers.Since(since?.ToUniversalTime()))
        {
            var first = await jobs.Where(j => j.State == JobState.Completed && j.FinishedAt > marker.At).MinAsync(j => j.FinishedAt, cancellationToken);
            views.Add(new(marker.At, marker.Label, marker.Detail, first is { } at ? Math.Round((at - marker.At).TotalSeconds, 2) : null));
        }
        return TypedResults.Ok(views);
    }
}
