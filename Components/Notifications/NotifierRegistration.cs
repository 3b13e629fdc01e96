using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Queues.ServiceDefaults;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Components.Notifications;

public static class NotifierRegistration
{
    public static IHostApplicationBuilder AddNotifier(this IHostApplicationBuilder builder)
    {
        builder.AddWebhookTargets();
        builder.Services.AddValidatedOptions<NotifierOptions, NotifierOptionsValidator>("Notifier");
        builder.Services.AddSingleton<IValidateOptions<NotifierOptions>, GlobalWebhookValidation>();
        builder.Services.AddSingleton<PipelineMetrics>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PipelineStats>();
        builder.Services.AddSingleton<RecentNotifications>();
        builder.Services.AddSingleton<WebhookQueue>();
        builder.Services.AddHttpClient<WebhookSender>()
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookConnections.Handler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value));
        return builder;
    }

    /// <summary>The "Webhooks" section and the SSRF guard: the notifier delivers with them, the Api checks a callbackUrl with them.</summary>
    public static IHostApplicationBuilder AddWebhookTargets(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(WebhookTargetGuard))) return builder;
        builder.Services.AddValidatedOptions<WebhookOptions, WebhookOptionsValidator>("Webhooks");
        builder.Services.TryAddSingleton<WebhookTargetGuard>();
        return builder;
    }

    /// <summary>
    /// The completion and failure consumers share one queue, "notifier", so every notifier replica competes for the
    /// same events; the deliveries they queue have their own, "webhooks" (<see cref="DeliverWebhookConsumerDefinition"/>).
    /// </summary>
    public static void AddNotifier(this IBusRegistrationConfigurator bus)
    {
        // Retried in process, not sent to notifier_error at the first throw: a webhook send that fails while a broker node
        // fails over, and a second copy of an announcement waiting for the first (RecentNotifications), both pass on a retry.
        static void RetryAWhile<T>(IRegistrationContext _, IConsumerConfigurator<T> consumer) where T : class =>
            consumer.UseMessageRetry(r => r.Exponential(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500)));

        bus.AddConsumer<NotifyCompletionConsumer>(RetryAWhile).Endpoint(e => e.Name = QueueNames.Notifier);
        bus.AddConsumer<NotifyFailureConsumer>(RetryAWhile).Endpoint(e => e.Name = QueueNames.Notifier);
        bus.AddConsumer<NotifyBatchCompletionConsumer>(RetryAWhile).Endpoint(e => e.Name = QueueNames.Notifier);
        bus.AddConsumer<DeliverWebhookConsumer, DeliverWebhookConsumerDefinition>();
    }

    /// <summary>GET /stats: counts, throughput over the last minute and latency percentiles, as JSON.</summary>
    public static RouteHandlerBuilder MapPipelineStats(this IEndpointRouteBuilder app) =>
        app.MapGet("/stats", (PipelineStats stats) => TypedResults.Ok(stats.Snapshot()))
            .WithTags("Metrics").WithSummary("Pipeline statistics: counts, last-minute throughput, p50/p95/p99 latencies");
}
