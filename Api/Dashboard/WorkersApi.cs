using Microsoft.AspNetCore.Http.HttpResults;
using Queues.Api.Access;

namespace Queues.Api.Dashboard;

public static class WorkersApi
{
    public static IEndpointRouteBuilder MapWorkers(this IEndpointRouteBuilder app)
    {
        app.MapGet("/workers", List).WithTags("Dashboard")
            .WithSummary("Workers heard from by heartbeat: online or offline, paused, current jobs, images done and failed").OperatorOnly();
        return app;
    }

    static Ok<IReadOnlyList<WorkerView>> List(WorkerRegistry registry) => TypedResults.Ok(registry.All());
}
