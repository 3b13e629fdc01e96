using Microsoft.Extensions.Options;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Api.Observability;

public static class ObservabilityRegistration
{
    /// <summary>The Api's metrics: uploads accepted, and queue depth gauges (see <see cref="QueueProbe"/>).</summary>
    public static IHostApplicationBuilder AddApiMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<QueueMetricsOptions>().BindConfiguration("QueueMetrics").ValidateOnStart()
            .Validate(o => o.PollSeconds > 0, "QueueMetrics:PollSeconds must be positive")
            .Validate(o => string.IsNullOrWhiteSpace(o.ManagementUrl) || Uri.IsWellFormedUriString(o.ManagementUrl, UriKind.Absolute),
                "QueueMetrics:ManagementUrl must be an absolute URL");
        builder.Services.AddSingleton<ApiMetrics>();
        builder.Services.AddSingleton<QueueGauges>();
        builder.Services.AddHostedService<QueueProbe>();
        builder.Services.AddHttpClient<RabbitQueueReader>((sp, http) => RabbitQueueReader.Configure(http,
            sp.GetRequiredService<IOptions<QueueMetricsOptions>>().Value, sp.GetRequiredService<IOptions<BusOptions>>().Value));
        return builder;
    }
}
