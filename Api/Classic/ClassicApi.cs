using System.Security.Claims;
using Queues.Api.Access;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;
using Queues.Api.OpenApi;
using Queues.Api.Uploads;

namespace Queues.Api.Classic;

/// <summary>
/// The seminar's original API shapes, so existing course material runs unchanged: POST /upload and
/// GET /status/{job_id}, answering in snake_case with lower-case states. /dlq/stats and /metrics are shared.
/// </summary>
public static class ClassicApi
{
    public static IEndpointRouteBuilder MapClassicApi(this IEndpointRouteBuilder app)
    {
        var classic = app.MapGroup("").WithTags("Classic seminar API");
        classic.MapPost("/upload", Upload).AcceptsUpload().DisableAntiforgery()
            .WithSummary("Upload (seminar shape): form fields 'file' and 'operations' (e.g. resize,watermark,filter)")
            .WithFormFields(UploadForm.File, UploadForm.Operations)
            .ProducesUploadProblems();
        classic.MapGet("/status/{job_id:guid}", Status).WithSummary("Job status (seminar shape)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public sealed record ClassicStatus(
        [property: JsonPropertyName("job_id")] Guid JobId,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("operations")] string[] Operations,
        [property: JsonPropertyName("attempts")] int Attempts,
        [property: JsonPropertyName("worker")] string? Worker,
        [property: JsonPropertyName("processing_ms")] double? ProcessingMs,
        [property: JsonPropertyName("result_url")] string? ResultUrl,
        [property: JsonPropertyName("error")] string? Error);

    static async Task<Results<Accepted<ClassicStatus>, ProblemHttpResult>> Upload(
        IFormFile? file, [FromForm] string? operations, UploadFormReader form, JobIntake intake, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var read = await form.ReadAsync(file, operations, null, cancellationToken);
        if (read.Problem is { } refused) return refused;
        var outcome = await intake.AcceptAsync(read.Upload!, user.Tenant(), cancellationToken);
        if (outcome.Problem is { } problem) return problem;
        return TypedResults.Accepted($"/status/{outcome.Job!.Id}", From(outcome.Job));
    }

    static async Task<Results<Ok<ClassicStatus>, ProblemHttpResult>> Status([FromRoute(Name = "job_id")] Guid jobId, JobsDbContext db,
        CancellationToken cancellationToken) =>
        await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken) is { } job
            ? TypedResults.Ok(From(job))
            : JobProblems.NotFound(jobId);

    static ClassicStatus From(ImageJob job) => new(job.Id, job.State.ToString().ToLowerInvariant(), job.Operations, job.ShownAttempts,
        job.WorkerId, job.ProcessingMs, job.ResultKey is null ? null : $"/jobs/{job.Id}/result", job.FailureReason);
}
