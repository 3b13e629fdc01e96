using MassTransit;

namespace Queues.Notifier;

public static class NotifierRegistration
{
    public const string EndpointName = "notifier";

    public static IHostApplicationBuilder AddNotifier(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotifierOptions>().BindConfiguration("Notifier").ValidateOnStart()
            .Validate(o => string.IsNullOrWhiteSpace(o.WebhookUrl) || Uri.IsWellFormedUriString(o.WebhookUrl, UriKind.Absolute),
                "Notifier:WebhookUrl must be an absolute URL");
        builder.Services.AddSingleton<PipelineMetrics>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PipelineStats>();
        builder.Services.AddHttpClient<WebhookSender>();
        return builder;
    }

    /// <summary>Both consumers share one queue, "notifier", so every notifier replica competes for the same events.</summary>
    public static void AddNotifier(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ImageProcessedConsumer>().Endpoint(e => e.Name = EndpointName);
        bus.AddConsumer<ProcessImageFaultConsumer>().Endpoint(e => e.Name = EndpointName);
    }

    /// <summary>GET /stats: counts, throughput over the last minute and latency percentiles, as JSON.</summary>
    public static IEndpointRouteBuilder MapPipelineStats(this IEndpointRouteBuilder app)
    {
        app.MapGet("/stats", (PipelineStats stats) => TypedResults.Ok(stats.Snapshot()))
            .WithTags("Metrics").WithSummary("Pipeline statistics: counts, last-minute throughput, p50/p95/p99 latencies");
        return app;
    }
}
