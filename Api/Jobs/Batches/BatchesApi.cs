using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Access;
using Queues.Api.OpenApi;
using Queues.Api.Uploads;

namespace Queues.Api.Jobs;

/// <summary>GET /batches and GET /batches/{id}: a tenant's batches, each with its counts read live from its jobs.</summary>
public static class BatchesApi
{
    public static IEndpointRouteBuilder MapBatches(this IEndpointRouteBuilder app)
    {
        var batches = app.MapGroup("/batches").WithTags("Batches");
        batches.MapPost("/", BatchIntake.Create).AcceptsUpload().DisableAntiforgery()
            .WithSummary("Upload several images as one batch: one job each, one batch.completed webhook when every job has ended")
            .WithDescription("The same fields as POST /jobs, with one 'file' field per image (1 to Uploads:MaxFilesPerBatch, all within "
                + "the request's size limit). Every file is checked before any is stored: one refused file refuses the batch. "
                + "The callbackUrl is the batch's (batch.completed), not each job's. Answers 202 with the batch and its job ids.")
            .WithFormFields(UploadForm.Files, UploadForm.Operations, UploadForm.Format, UploadForm.Rendition, UploadForm.Priority,
                UploadForm.NotBefore, UploadForm.CallbackUrl)
            .ProducesUploadProblems();
        batches.MapGet("/", List).WithSummary("List batches, newest first; state=open|ended, paged like GET /jobs")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        batches.MapGet("/{id:guid}", Get).WithSummary("A batch: its counts by state, percent done, times, webhook, and one page of its jobs")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        batches.MapBatchControl();
        batches.MapBatchResults();
        return app;
    }

    static async Task<Results<Ok<BatchPage>, ProblemHttpResult>> List(JobsDbContext db, string? state, string? tenant,
        int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        if (page < 1 || pageSize is < 1 or > 500)
            return TypedResults.Problem(statusCode: 400, title: "Invalid paging", detail: "page starts at 1; pageSize is 1 to 500.");
        var query = db.Batches.AsNoTracking();
        switch (state?.Trim().ToLowerInvariant())
        {
            case null or "": break;
            case "open": query = query.Where(b => b.FinishedAt == null); break;
            case "ended": query = query.Where(b => b.FinishedAt != null); break;
            default: return TypedResults.Problem(statusCode: 400, title: "Invalid state", detail: "state is open or ended.");
        }
        if (!string.IsNullOrWhiteSpace(tenant)) query = query.Where(b => b.Tenant == tenant.Trim());
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var counts = await BatchCounts.ReadAsync(db, rows.Select(b => b.Id).ToList(), cancellationToken);
        return TypedResults.Ok(new BatchPage(rows.Select(b => BatchView.From(b, counts[b.Id])).ToList(), page, pageSize, total));
    }

    static async Task<Results<Ok<BatchView>, ProblemHttpResult>> Get(Guid id, JobsDbContext db, JobProgress progress, LinkSigner links,
        int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        if (page < 1 || pageSize is < 1 or > 500)
            return TypedResults.Problem(statusCode: 400, title: "Invalid paging", detail: "page starts at 1; pageSize is 1 to 500.");
        if (await db.Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken) is not { } batch) return BatchProblems.NotFound(id);
        var counts = (await BatchCounts.ReadAsync(db, [id], cancellationToken))[id];
        var jobs = await db.Jobs.AsNoTracking().Where(j => j.BatchId == id).OrderByDescending(j => j.QueuedAt).ThenByDescending(j => j.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var page1 = new JobPage(jobs.Select(j => JobView.From(j, progress, links)).ToList(), page, pageSize,
            counts.Queued + counts.Processing + counts.Ended);
        return TypedResults.Ok(BatchView.From(batch, counts, page1));
    }
}
