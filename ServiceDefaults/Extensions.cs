using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Queues.ServiceDefaults;

/// <summary>What every Queues host shares: telemetry, health checks and ProblemDetails.</summary>
public static class Extensions
{
    /// <summary>Meters and activity sources named "Queues.*" are collected along with MassTransit's.</summary>
    public const string TelemetryPrefix = "Queues.";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        RenamedSettings.Refuse(builder.Configuration);
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"]);

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithMetrics(m => m
                .AddMeter(TelemetryPrefix + "*", "MassTransit")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentationIfAvailable()
                .AddPrometheusExporter());

        // Traces and OTLP only when a collector is configured (OTEL_EXPORTER_OTLP_ENDPOINT): spans nobody receives would
        // still be made and recorded for every request and every message.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.WithTracing(t => t
                    .AddSource(TelemetryPrefix + "*", "MassTransit")
                    .AddAspNetCoreInstrumentation(o => o.Filter = c => !IsInfrastructurePath(c.Request.Path))
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// /health/live (the process answers), /health/ready (its dependencies answer), /health/details (each check
    /// as JSON, so a person or the Monitoring tool's verify can say which dependency is down) and /metrics (Prometheus).
    /// </summary>
    /// <param name="probes">Conventions for /health/live and /health/ready (the Api leaves them open).</param>
    /// <param name="diagnostics">Conventions for /health/details and /metrics (the Api restricts them to operators).</param>
    public static WebApplication MapDefaultEndpoints(this WebApplication app,
        Action<IEndpointConventionBuilder>? probes = null, Action<IEndpointConventionBuilder>? diagnostics = null)
    {
        // Mapped first, then given the conventions: `probes?.Invoke(app.Map…())` would not map at all without them.
        var live = app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live") });
        var ready = app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => !c.Tags.Contains("live") });
        var details = app.MapHealthChecks("/health/details", new HealthCheckOptions { ResponseWriter = WriteDetails });
        var metrics = app.MapPrometheusScrapingEndpoint();
        probes?.Invoke(live);
        probes?.Invoke(ready);
        diagnostics?.Invoke(details);
        diagnostics?.Invoke(metrics);
        return app;
    }

    static Task WriteDetails(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
            }),
        });

    static bool IsInfrastructurePath(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/events");

    static MeterProviderBuilder AddRuntimeInstrumentationIfAvailable(this MeterProviderBuilder builder) =>
        builder.AddMeter("System.Runtime");
}
