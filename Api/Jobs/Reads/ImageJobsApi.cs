using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Access;
using Queues.Api.Broker;
using Queues.Api.OpenApi;
using Queues.Api.Uploads;
using Queues.Imaging;
using Queues.ServiceDefaults.Storage;

namespace Queues.Api.Jobs;

public static class ImageJobsApi
{
    public static IEndpointRouteBuilder MapImageJobs(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/jobs").WithTags("Jobs");

        jobs.MapPost("/", Upload).AcceptsUpload().DisableAntiforgery()
            .WithSummary("Upload an image with an ordered list of operations")
            .WithDescription("operations: e.g. 'resize,watermark,filter' or 'resize:800x600:cover,blur:2,watermark:Hello,format:webp:80'. "
                + "Empty means 'resize:320x320:fit,grayscale'. Or, instead of operations and format, up to 10 'rendition' fields "
                + "NAME=OPERATIONS, each a named output of the same upload. Answers 202 with the job and its Location.")
            .WithFormFields(UploadForm.File, UploadForm.Operations, UploadForm.Format, UploadForm.Rendition, UploadForm.Priority, UploadForm.NotBefore,
                UploadForm.CallbackUrl, UploadForm.BatchId)
            .ProducesUploadProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        jobs.MapGet("/", List).WithSummary("List jobs, newest first; filter by state, tenant, batchId, text (q: file name, operations, failure reason) and queued time (from, to)")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        jobs.MapGet("/{id:guid}", Get).WithSummary("A job's state, operations, attempts, worker, timings and failure reason")
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapGet("/{id:guid}/result", Result).WithSummary("The processed image")
            .ProducesImage().AllowSignedLinks()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        jobs.MapGet("/{id:guid}/original", Original).WithSummary("The uploaded image")
            .ProducesImage().AllowSignedLinks()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        jobs.MapPost("/{id:guid}/retry", Retry).WithSummary("Queue a failed job again: its dead letter goes back if the error queue holds it")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        jobs.MapJobImages();
        return app;
    }

    /// <param name="file">The image: JPEG, PNG, WebP, GIF, TIFF or HEIF.</param>
    /// <param name="operations">Comma-separated operations, applied in order.</param>
    /// <param name="format">Output format (jpeg, png, webp), optionally with quality: 'webp:80'. Also accepted as an operation.</param>
    static async Task<Results<AcceptedAtRoute<JobView>, Accepted<JobView>, ProblemHttpResult>> Upload(
        IFormFile? file, [FromForm] string? operations, [FromForm] string? format, [FromForm] string? priority, [FromForm] string? notBefore,
        [FromForm] string? callbackUrl, [FromForm] string? batchId, HttpRequest request, UploadFormReader form, JobIntake intake, LinkSigner links,
        JobsDbContext db, CancellationToken cancellationToken)
    {
        var batch = await BatchProblems.OpenBatchAsync(db, batchId, cancellationToken);
        if (batch.Problem is { } noBatch) return noBatch;
        // Repeated fields, read from the form the binding above has already parsed. Empty values are no rendition:
        // Swagger UI's "Try it out" sends the field empty when nobody filled it in.
        var renditions = (await request.ReadFormAsync(cancellationToken))["rendition"]
            .Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
        var read = await form.ReadAsync(file, operations, format, cancellationToken, priority, notBefore, renditions, callbackUrl);
        if (read.Problem is { } refused) return refused;
        var outcome = await intake.AcceptAsync(read.Upload! with { BatchId = batch.Id }, request.HttpContext.User.Tenant(), cancellationToken);
        if (outcome.Problem is { } problem) return problem;
        var job = outcome.Job!;
        return TypedResults.Accepted($"/jobs/{job.Id}", JobView.From(job, links: links));
    }

    static async Task<Results<Ok<JobPage>, ProblemHttpResult>> List(JobsDbContext db, JobCountsReader jobCounts, JobProgress progress,
        LinkSigner links, string? state, string? tenant, string? q, string? from, string? to, Guid? batchId,
        int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        if (page < 1 || pageSize is < 1 or > 500)
            return TypedResults.Problem(statusCode: 400, title: "Invalid paging", detail: "page starts at 1; pageSize is 1 to 500.");
        if (!JobFilter.TryParse(state, q, from, to, out var filter, out var problem, tenant)) return problem!;
        filter = filter with { BatchId = batchId };

        var query = filter.Apply(db.Jobs.AsNoTracking());

        // Unfiltered or by state only, and all tenants' jobs, the total is the counts by state, so a page of a
        // million-row table does not count a million rows; a search, a time range or one tenant counts its matches.
        int total;
        if (filter is { Text: null, From: null, To: null, Tenant: null, BatchId: null } && db.SeesAllTenants)
        {
            var counts = await jobCounts.ReadAsync(db, cancellationToken);
            total = (int)(filter.State is { } only ? counts.Of(only) : counts.Total);
        }
        else total = await query.CountAsync(cancellationToken);
        // The page's ids first, from the covering index; then only those rows.
        var ids = await query.OrderByDescending(j => j.QueuedAt).ThenByDescending(j => j.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).Select(j => j.Id).ToListAsync(cancellationToken);
        var rows = await db.Jobs.AsNoTracking().Where(j => ids.Contains(j.Id)).ToDictionaryAsync(j => j.Id, cancellationToken);
        var items = ids.Select(id => rows[id]).ToList();
        return TypedResults.Ok(new JobPage(items.Select(j => JobView.From(j, progress, links)).ToList(), page, pageSize, total));
    }

    static async Task<Results<Ok<JobView>, ProblemHttpResult>> Get(Guid id, JobsDbContext db, JobProgress progress, LinkSigner links,
        CancellationToken cancellationToken) =>
        await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken) is { } job
            ? TypedResults.Ok(JobView.From(job, progress, links))
            : JobProblems.NotFound(id);

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Result(Guid id, JobsDbContext db, IObjectStore store, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null) return JobProblems.NotFound(id);
        return JobProblems.NoResultYet(job) ?? await Bytes(store, job.ResultKey!, job.ResultContentType, cancellationToken);
    }

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Original(Guid id, JobsDbContext db, IObjectStore store, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        return job is null ? JobProblems.NotFound(id) : await Bytes(store, job.OriginalKey, job.OriginalContentType, cancellationToken);
    }

    /// <summary>
    /// One path with the dead-letter replay: if the error queue still holds this job's dead letter, that message
    /// goes back (and no second one is sent); otherwise the job is queued and the outbox sends a new command.
    /// </summary>
    static async Task<Results<Accepted<JobView>, ProblemHttpResult>> Retry(Guid id, JobsDbContext db, JobControl control, LinkSigner links,
        CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null) return JobProblems.NotFound(id);
        if (job.State != JobState.Failed)
            return TypedResults.Problem(statusCode: 409, title: "Not failed", detail: $"Only failed jobs can be retried; this one is {job.State}.");
        try
        {
            if (!await control.RetryAsync(id, cancellationToken))
                return TypedResults.Problem(statusCode: 409, title: "Not failed", detail: "The job changed state while being retried.");
        }
        catch (Exception e) when (BrokerApi.IsBrokerDown(e))
        {
            return BrokerApi.BrokerUnavailable(e);
        }
        var requeued = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == id, cancellationToken);
        return TypedResults.Accepted($"/jobs/{id}", JobView.From(requeued, links: links));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Bytes(IObjectStore store, string key, string? contentType, CancellationToken cancellationToken)
    {
        byte[]? bytes;
        try
        {
            bytes = await store.GetAsync(key, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return JobProblems.StorageUnavailable(e.Message);
        }
        return bytes is null
            ? TypedResults.Problem(statusCode: 404, title: "Object missing", detail: $"'{key}' is not in storage.")
            : TypedResults.File(bytes, contentType ?? ImageFormats.OfPath(key)?.ContentType ?? "application/octet-stream");
    }

}
