using Queues.ServiceDefaults;

namespace Queues.Api.Observability;

public static class ObservabilityRegistration
{
    /// <summary>The Api's metrics: uploads accepted, and queue depth gauges (see <see cref="QueueProbe"/>).</summary>
    public static IHostApplicationBuilder AddApiMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<QueueMetricsOptions, QueueMetricsOptionsValidator>("QueueMetrics");
        builder.Services.AddSingleton<ApiMetrics>();
        builder.Services.AddSingleton<QueueGauges>();
        builder.Services.AddHostedService<QueueProbe>();
        return builder;
    }
}
