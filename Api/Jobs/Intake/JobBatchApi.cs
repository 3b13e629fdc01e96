using System.Security.Claims;
using Queues.Api.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Queues.Api.Uploads;
using Queues.Imaging;

namespace Queues.Api.Jobs;

/// <summary>POST /jobs/batch's answer (demo jobs), not a batch: see <see cref="ImageBatch"/>.</summary>
public sealed record DemoJobsAccepted(int Count, IReadOnlyList<Guid> Ids);

/// <summary>POST /jobs/batch: "create N demo jobs" for load demos, each an ordinary job made from the built-in sample image.</summary>
public static class JobBatchApi
{
    public static IEndpointRouteBuilder MapJobBatch(this IEndpointRouteBuilder app)
    {
        app.MapPost("/jobs/batch", Create).WithTags("Jobs").DisableAntiforgery().RequireRateLimiting(Access.UploadRateLimits.Policy)
            .WithSummary("Queue N jobs made from a built-in sample image (a colourful 1200x900 JPEG)")
            .WithDescription("count: 1 to Uploads:MaxBatch. operations: as for POST /jobs; empty means 'resize:320x320:fit,grayscale'.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    static async Task<Results<Accepted<DemoJobsAccepted>, ProblemHttpResult>> Create(int? count, string? operations,
        JobIntake intake, JobsDbContext db, DemoImage demo, IOptions<UploadOptions> uploads, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var max = uploads.Value.MaxBatch;
        if (count is not { } n || n < 1 || n > max)
            return TypedResults.Problem(statusCode: 400, title: "Invalid count", detail: $"count is 1 to {max} (Uploads:MaxBatch).");
        if (!OperationParser.TryParse(operations, out var plan, out var error))
            return IntakeProblems.Problem(StatusCodes.Status400BadRequest, "Invalid operations", error, OperationParser.Allowed);

        var ids = new List<Guid>(n);
        // One picture for all of them, made once.
        var upload = new Upload(demo.Jpeg, DemoImage.FileName, plan, [], JobSchedule.Now, Preview: Preview.Make(demo.Jpeg));
        for (var i = 0; i < n; i++)
        {
            var outcome = await intake.AcceptAsync(upload, user.Tenant(), cancellationToken);
            if (outcome.Problem is { } problem)
            {
                // The jobs before this one stay queued: say how many, so a retry can ask for the rest.
                problem.ProblemDetails.Extensions["queued"] = ids.Count;
                return problem;
            }
            ids.Add(outcome.Job!.Id);
            // Each job is saved on its own; keeping them all tracked would make every later save slower.
            db.ChangeTracker.Clear();
        }
        return TypedResults.Accepted("/jobs", new DemoJobsAccepted(ids.Count, ids));
    }
}
