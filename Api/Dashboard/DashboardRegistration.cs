using MassTransit;
using Queues.Api.Jobs;
using Queues.ServiceDefaults;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Dashboard;

/// <summary>The browser dashboard at "/" (wwwroot) and what feeds it: events, workers, timeline, demo batches.</summary>
public static class DashboardRegistration
{
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DashboardOptions, DashboardOptionsValidator>("Dashboard");
        builder.Services.AddSingleton<WorkerRegistry>();
        builder.Services.AddSingleton<TenantActivity>();
        builder.Services.AddHostedService<WorkerSweeper>();
        builder.Services.AddSingleton<LiveSeries>();
        builder.Services.AddHostedService<LiveSampler>();
        return builder;
    }

    /// <summary>Heartbeats arrive on a temporary queue of this replica's own: see <see cref="QueueNames.WorkerHeartbeats"/>.</summary>
    public static void AddDashboardConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<WorkerHeartbeatConsumer>().Endpoint(e =>
        {
            e.Name = QueueNames.WorkerHeartbeats();
            e.Temporary = true;
        });
        bus.AddConsumer<ShowJobProgressConsumer>().Endpoint(e =>
        {
            e.Name = QueueNames.JobProgress();
            e.Temporary = true;
        });
    }

    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app) =>
        app.MapEvents().MapWorkers().MapTenants().MapTimeline().MapLive().MapJobBatch();
}
