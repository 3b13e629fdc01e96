using Microsoft.Extensions.Options;
using Queues.Api.Access;
using Queues.Api.Broker;
using Queues.Api.Dashboard;
using Queues.Api.Jobs;
using Queues.Components.Notifications;
using Queues.Components.Processing;
using Queues.Imaging;
using Queues.ServiceDefaults;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api;

public static class ApiRegistration
{
    /// <summary>
    /// The bus with the job-state consumers. Standalone (in-memory bus), nothing outside this process can reach
    /// the bus, so the Api also hosts the worker and notifier components; distributed, it carries neither.
    /// </summary>
    public static IHostApplicationBuilder AddPipeline(this IHostApplicationBuilder builder)
    {
        var standalone = builder.IsStandalone();
        builder.AddImageLimits();
        if (standalone)
        {
            builder.AddImageWorker();
            builder.AddNotifier();
            builder.Services.AddScoped<IDeadLetterQueue, JobsTableDeadLetters>();
        }
        else
        {
            builder.Services.AddHttpClient<RabbitMqManagementClient>();
            builder.Services.AddScoped<IDeadLetterQueue, RabbitMqDeadLetters>();
            // Every replica's live feed hears every job change: this replica's go out over the bus.
            builder.Services.AddSingleton<JobChangeRelay>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<JobChangeRelay>());
        }
        builder.AddQueuesBus(bus =>
        {
            bus.AddJobStateConsumers();
            bus.AddDashboardConsumers();
            bus.AddBatchFeedConsumer();
            if (!standalone)
            {
                bus.AddJobFeedConsumer();
                return;
            }
            bus.AddImageWorker(inMemory: true);
            bus.AddNotifier();
        });
        if (standalone) builder.Services.AddHostedService<StandaloneStop>();
        return builder;
    }

    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddValidatedOptions<JobsOptions, JobsOptionsValidator>("Jobs");
        builder.Services.AddValidatedOptions<OutboxOptions, OutboxOptionsValidator>("Outbox");
        builder.Services.AddValidatedOptions<TenantsOptions, TenantsOptionsValidator>("Tenants");
        builder.Services.AddSingleton<TenantSettingsStore>();
        // A callbackUrl is checked at upload with the notifier's own guard and settings.
        builder.AddWebhookTargets();
        builder.Services.AddSingleton<ReplicaIdentity>();
        builder.Services.AddSingleton<JobFeed>();
        builder.Services.AddSingleton<JobCountsReader>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxChannel>();
        builder.Services.AddSingleton<JobDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobDispatcher>());
        builder.Services.AddSingleton<JobEndAnnouncer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobEndAnnouncer>());
        builder.Services.AddSingleton<JobWatchdog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobWatchdog>());
        builder.Services.AddScoped<JobTransitions>();
        builder.Services.AddScoped<UploadFormReader>();
        builder.Services.AddScoped<JobIntake>();
        builder.Services.AddScoped<JobControl>();
        builder.Services.AddSingleton<JobProgress>();
        builder.Services.AddSingleton<DemoImage>();
        return builder;
    }

    /// <summary>The notifier's /stats, where this process hosts the notifier (standalone).</summary>
    public static WebApplication MapPipeline(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<BusOptions>>().Value.IsInMemory) app.MapPipelineStats().OperatorOnly();
        return app;
    }
}
