using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Access;
using Queues.Api.OpenApi;
using Queues.ServiceDefaults.Storage;

namespace Queues.Api.Jobs;

/// <summary>A job's other pictures: each named rendition's result, and the small preview of its original.</summary>
static class JobImagesApi
{
    public static RouteGroupBuilder MapJobImages(this RouteGroupBuilder jobs)
    {
        jobs.MapGet("/{id:guid}/result/{name}", Rendition).WithSummary("One named rendition's result (an upload with 'rendition' fields)")
            .ProducesImage().AllowSignedLinks()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        jobs.MapGet("/{id:guid}/preview", Preview).WithSummary("A small WebP of the original (160 px), made once by the worker that processes the job")
            .Produces(StatusCodes.Status200OK, null, "image/webp").AllowSignedLinks()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return jobs;
    }

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Rendition(Guid id, string name, JobsDbContext db, IObjectStore store,
        CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null) return ImageJobsApi.NotFound(id);
        var renditions = JobRenditions.Read(job.Renditions);
        if (renditions.FirstOrDefault(r => r.Name == name) is not { } rendition)
            return TypedResults.Problem(statusCode: 404, title: "No such rendition",
                detail: renditions.Count == 0 ? $"Job {id} was uploaded without renditions; its result is at /jobs/{id}/result."
                    : $"Job {id} has the renditions {string.Join(", ", renditions.Select(r => r.Name))}.");
        if (ImageJobsApi.NoResultYet(job) is { } notYet) return notYet;
        return rendition.Result is { } result
            ? await ImageJobsApi.Bytes(store, result.ResultKey, result.ContentType, cancellationToken)
            : TypedResults.Problem(statusCode: 409, title: "No result yet", detail: $"The job completed without rendition '{name}'.");
    }

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Preview(Guid id, JobsDbContext db, IObjectStore store,
        CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null) return ImageJobsApi.NotFound(id);
        if (job.PreviewKey is not null) return await ImageJobsApi.Bytes(store, job.PreviewKey, "image/webp", cancellationToken);
        return job.State is JobState.Queued or JobState.Processing
            ? TypedResults.Problem(statusCode: 409, title: "No preview yet",
                detail: $"The worker makes job {id}'s preview when it processes it; until then see /jobs/{id}/original.")
            : TypedResults.Problem(statusCode: 404, title: "No preview",
                detail: $"Job {id} has none (it could not be decoded, or it predates previews); see /jobs/{id}/original.");
    }
}
