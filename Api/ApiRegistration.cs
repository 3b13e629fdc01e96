using Queues.Api.Broker;
using Queues.Api.Dashboard;
using Queues.Api.Jobs;
using Queues.Notifier;
using Queues.ServiceDefaults.Messaging;
using Queues.Worker;

namespace Queues.Api;

public static class ApiRegistration
{
    public static bool IsStandalone(this IHostApplicationBuilder builder) =>
        (builder.Configuration.GetSection("Bus").Get<BusOptions>() ?? new BusOptions()).IsInMemory;

    /// <summary>
    /// The bus with the job-state consumers. Standalone (in-memory bus), nothing outside this process can reach
    /// the bus, so the API also hosts the worker and the notifier.
    /// </summary>
    public static IHostApplicationBuilder AddPipeline(this IHostApplicationBuilder builder)
    {
        var standalone = builder.IsStandalone();
        builder.AddImaging();
        if (standalone)
        {
            builder.AddImageWorker();
            builder.AddNotifier();
        }
        if (standalone) builder.Services.AddScoped<IDeadLetterQueue, JobsTableDeadLetters>();
        else
        {
            builder.Services.AddHttpClient<RabbitMqManagementClient>();
            builder.Services.AddScoped<IDeadLetterQueue, RabbitMqDeadLetters>();
        }
        builder.AddQueuesBus(bus =>
        {
            bus.AddJobStateConsumers();
            bus.AddDashboardConsumers();
            if (!standalone) return;
            bus.AddImageWorker();
            bus.AddNotifier();
        });
        return builder;
    }

    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<JobFeed>();
        builder.Services.AddSingleton<JobDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobDispatcher>());
        builder.Services.AddScoped<JobIntake>();
        return builder;
    }
}
