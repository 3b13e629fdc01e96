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
        jobs.MapGet("/{id:guid}/preview", Preview).WithSummary("A small WebP of the original (160 px), made on the first request and kept")
            .Produces(StatusCodes.Status200OK, null, "image/webp").AllowSignedLinks()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return jobs;
    }

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Rendition(Guid id, string name, JobsDbContext db, IObjectStore store,
        CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null) return JobProblems.NotFound(id);
        var renditions = JobRenditions.Read(job.Renditions);
        if (renditions.FirstOrDefault(r => r.Name == name) is not { } rendition)
            return TypedResults.Problem(statusCode: 404, title: "No such rendition",
                detail: renditions.Count == 0 ? $"Job {id} was uploaded without renditions; its result is at /jobs/{id}/result."
                    : $"Job {id} has the renditions {string.Join(", ", renditions.Select(r => r.Name))}.");
        if (JobProblems.NoResultYet(job) is { } notYet) return notYet;
        return rendition.Result is { } result
            ? await ImageJobsApi.Bytes(store, result.ResultKey, result.ContentType, cancellationToken)
            : TypedResults.Problem(statusCode: 409, title: "No result yet", detail: $"The job completed without rendition '{name}'.");
    }

    /// <summary>Decodes at once: a dashboard asks for a page of previews together, each a decode of an original.</summary>
    static readonly SemaphoreSlim PreviewSlots = new(Environment.ProcessorCount);

    /// <summary>
    /// Made from the original on the first request, stored under the job's fixed preview key and served from there after:
    /// a job nobody looks at costs no preview (no decode, no fourth object-store request on the way of every job).
    /// </summary>
    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Preview(Guid id, JobsDbContext db, IObjectStore store,
        ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null) return JobProblems.NotFound(id);
        if (job.PreviewKey is not null) return await ImageJobsApi.Bytes(store, job.PreviewKey, Queues.Imaging.Preview.ContentType, cancellationToken);
        if (!job.MayHavePreview) return NoPreview(id);

        byte[]? preview;
        var key = ObjectKeys.Preview(id);
        try
        {
            if (await store.GetAsync(job.OriginalKey, cancellationToken) is not { } original) return NoPreview(id);
            await PreviewSlots.WaitAsync(cancellationToken);
            try { preview = await Task.Run(() => Queues.Imaging.Preview.Make(original), cancellationToken); }
            finally { PreviewSlots.Release(); }
            if (preview is null) return NoPreview(id);
            await store.PutAsync(key, preview, Queues.Imaging.Preview.ContentType, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return JobProblems.StorageUnavailable(e.Message);
        }
        if (await db.Jobs.Where(j => j.Id == id && j.PreviewKey == null).ExecuteUpdateAsync(s => s.SetProperty(j => j.PreviewKey, key), cancellationToken) == 0
            && !await db.Jobs.AnyAsync(j => j.Id == id, cancellationToken))
        {
            // Deleted meanwhile, its objects with it: this one would outlive it.
            try { await store.DeleteAsync(key, CancellationToken.None); }
            catch (Exception e) { logs.CreateLogger(typeof(JobImagesApi)).LogWarning("Preview {Key} of deleted job {JobId} left in storage: {Reason}", key, id, e.Message); }
        }
        return TypedResults.File(preview, Queues.Imaging.Preview.ContentType);
    }

    static ProblemHttpResult NoPreview(Guid id) => TypedResults.Problem(statusCode: 404, title: "No preview",
        detail: $"Job {id}'s original could not be decoded, or is gone; see /jobs/{id}/original.");
}
