using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Queues.EndToEnd.Tests.Observability.Otlp;

namespace Queues.EndToEnd.Tests.Observability;

/// <summary>One span as exported over OTLP, with the service (resource service.name) that sent it.</summary>
public sealed record ReceivedSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name,
    int Kind, IReadOnlyDictionary<string, string> Attributes)
{
    public string Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : "";
    public override string ToString() => $"{Service} {Scope}/{Name} {Attribute("messaging.masstransit.consumer_type")}";
}

/// <summary>
/// An OTLP/HTTP endpoint (protobuf) on loopback, in the test process: what a collector or the Aspire dashboard
/// receives, kept in memory. The services point OTEL_EXPORTER_OTLP_ENDPOINT here. Hand-built because no collector
/// binary is installable here; Kestrel and Google.Protobuf do the work.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentQueue<ReceivedSpan> spans = new();

    public Uri Endpoint { get; }
    public IReadOnlyCollection<ReceivedSpan> Spans => spans;

    public OtlpReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = FreePorts.Next();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        app = builder.Build();
        app.MapPost("/v1/traces", Receive);
        // Metrics and logs are exported too; accepted and dropped (ExportXxxServiceResponse is an empty message).
        app.MapPost("/v1/metrics", () => Results.Bytes([], "application/x-protobuf"));
        app.MapPost("/v1/logs", () => Results.Bytes([], "application/x-protobuf"));
        Endpoint = new Uri($"http://127.0.0.1:{port}");
    }

    public Task StartAsync() => app.StartAsync();

    async Task<IResult> Receive(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var export = ExportTraceServiceRequest.Parser.ParseFrom(body.ToArray());
        foreach (var resource in export.ResourceSpans)
        {
            var service = resource.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value?.StringValue ?? "";
            foreach (var scope in resource.ScopeSpans)
            foreach (var span in scope.Spans)
                spans.Enqueue(new ReceivedSpan(service, scope.Scope?.Name ?? "", Convert.ToHexStringLower(span.TraceId.Span),
                    Convert.ToHexStringLower(span.SpanId.Span), Convert.ToHexStringLower(span.ParentSpanId.Span), span.Name, span.Kind,
                    span.Attributes.ToDictionary(a => a.Key, a => a.Value?.ValueCase == AnyValue.ValueOneofCase.StringValue
                        ? a.Value.StringValue : a.Value?.ToString() ?? "")));
        }
        return Results.Bytes([], "application/x-protobuf");
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
