using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Queues.Api.Access;
using Queues.Api.Uploads;

namespace Queues.Api.Jobs;

/// <summary>
/// POST /batches: every file read and checked as POST /jobs would (<see cref="UploadFormReader"/>, <see cref="JobIntake.Inspect"/>)
/// before any is stored, so a bad file refuses the whole batch and leaves nothing behind; then the batch row, then one
/// job per file through <see cref="JobIntake"/>. While the request adds its jobs the batch holds one place more than it
/// has jobs, so it cannot end between two of them (its first jobs may finish before the last is added).
/// </summary>
public static class BatchIntake
{
    public static async Task<Results<Accepted<BatchAccepted>, ProblemHttpResult>> Create(
        [FromForm] string? operations, [FromForm] string? format, [FromForm] string? priority, [FromForm] string? notBefore,
        [FromForm] string? callbackUrl, HttpRequest request, UploadFormReader reader, JobIntake intake, JobsDbContext db,
        IOptions<UploadOptions> uploads, TimeProvider clock, BatchEndLoop ends, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var files = form.Files.GetFiles("file");
        var max = uploads.Value.MaxFilesPerBatch;
        if (files.Count == 0)
            return Refuse(StatusCodes.Status400BadRequest, "Empty batch", "A batch needs at least one image: send each as a multipart field 'file'.");
        if (files.Count > max)
            return Refuse(StatusCodes.Status400BadRequest, "Too many files",
                $"The batch has {files.Count} files; at most {max} (Uploads:MaxFilesPerBatch). Split it, or add the rest with POST /jobs and batchId.");

        var renditions = form["rendition"].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
        var read = new List<Upload>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            // The callbackUrl is checked once, with the first file; it is the batch's, so no job carries it.
            var one = await reader.ReadAsync(files[i], operations, format, cancellationToken, priority, notBefore, renditions, i == 0 ? callbackUrl : null);
            if (one.Problem is { } refused) return FileLevel.Contains(refused.ProblemDetails.Title ?? "") ? Naming(refused, i, files[i].FileName) : refused;
            if (intake.Inspect(one.Upload!, out _) is { } rejected) return Naming(rejected, i, files[i].FileName);
            read.Add(one.Upload!);
        }

        var tenant = request.HttpContext.User.Tenant();
        var batch = new ImageBatch
        {
            Id = Guid.CreateVersion7(), Tenant = tenant, CreatedAt = clock.GetUtcNow().UtcDateTime, Total = 1, CallbackUrl = read[0].CallbackUrl,
        };
        db.Batches.Add(batch);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        ends.Opened();

        var ids = new List<Guid>(read.Count);
        try
        {
            foreach (var upload in read)
            {
                var outcome = await intake.AcceptAsync(upload with { CallbackUrl = null, BatchId = batch.Id }, tenant, cancellationToken);
                if (outcome.Problem is { } problem)
                {
                    // Storage went away or the tenant's quota is full: the jobs before this one stay in the batch, which ends with them.
                    problem.ProblemDetails.Extensions["batchId"] = batch.Id;
                    problem.ProblemDetails.Extensions["queued"] = ids.Count;
                    return problem;
                }
                ids.Add(outcome.Job!.Id);
                db.ChangeTracker.Clear();
            }
        }
        finally
        {
            // The place the request held (Total started at 1): the batch may end from now on.
            await BatchRules.LeaveAsync(db, batch.Id, CancellationToken.None);
        }
        batch.Total = ids.Count;
        return TypedResults.Accepted($"/batches/{batch.Id}", new BatchAccepted(BatchView.From(batch,
            BatchCounts.None with { Queued = ids.Count }), ids));
    }

    /// <summary>The form reader's refusals that are about one file; the rest (operations, priority, callbackUrl) are the whole form's.</summary>
    static readonly HashSet<string> FileLevel = ["Empty upload", "Upload too large"];

    static ProblemHttpResult Refuse(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>The file's own problem, saying which file it was: nothing of the batch was stored.</summary>
    static ProblemHttpResult Naming(ProblemHttpResult problem, int index, string? fileName)
    {
        problem.ProblemDetails.Detail = $"File {index + 1} ('{fileName}'): {problem.ProblemDetails.Detail} Nothing of the batch was stored.";
        problem.ProblemDetails.Extensions["file"] = index + 1;
        return problem;
    }
}
