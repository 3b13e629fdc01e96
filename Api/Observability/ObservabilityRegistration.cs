namespace Queues.Api.Observability;

public static class ObservabilityRegistration
{
    /// <summary>The Api's metrics: uploads accepted, and queue depth gauges (see <see cref="QueueProbe"/>).</summary>
    public static IHostApplicationBuilder AddApiMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<QueueMetricsOptions>().BindConfiguration("QueueMetrics").ValidateOnStart()
            .Validate(o => o.PollSeconds > 0, "QueueMetrics:PollSeconds must be positive");
        builder.Services.AddSingleton<ApiMetrics>();
        builder.Services.AddSingleton<QueueGauges>();
        builder.Services.AddHostedService<QueueProbe>();
        return builder;
    }
}
