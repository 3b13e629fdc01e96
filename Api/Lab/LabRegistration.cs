using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Queues.Api.Access;

namespace Queues.Api.Lab;

public static class LabRegistration
{
    public static IHostApplicationBuilder AddLab(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LabOptions>().BindConfiguration("Lab");
        builder.Services.AddSingleton<LabMarkers>();
        return builder;
    }

    /// <summary>The /lab paths, for operators, and only in lab mode: otherwise none is mapped, so each is 404.</summary>
    public static IEndpointRouteBuilder MapLab(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<LabOptions>>().Value.Enabled) return app;
        var lab = app.MapGroup("/lab").WithTags("Lab").OperatorOnly();
        lab.MapGet("/markers", Markers)
            .WithSummary("The lab's actions (a worker killed, the broker stopped), oldest first; since: only those after it (ISO 8601)");
        return app;
    }

    static Ok<IReadOnlyList<LabMarker>> Markers(LabMarkers markers, DateTime? since) =>
        TypedResults.Ok(markers.Since(since?.ToUniversalTime()));
}
