using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Components.Notifications;

public static class NotifierRegistration
{
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
        bus.AddConsumer<NotifyCompletionConsumer>().Endpoint(e => e.Name = QueueNames.Notifier);
        bus.AddConsumer<NotifyFailureConsumer>().Endpoint(e => e.Name = QueueNames.Notifier);
    }

    /// <summary>GET /stats: counts, throughput over the last minute and latency percentiles, as JSON.</summary>
    public static RouteHandlerBuilder MapPipelineStats(this IEndpointRouteBuilder app) =>
        app.MapGet("/stats", (PipelineStats stats) => TypedResults.Ok(stats.Snapshot()))
            .WithTags("Metrics").WithSummary("Pipeline statistics: counts, last-minute throughput, p50/p95/p99 latencies");
}
