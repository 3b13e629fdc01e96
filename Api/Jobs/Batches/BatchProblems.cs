using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Queues.Api.Jobs;

/// <summary>The problem documents of the batch endpoints, and the look-up of the batch a new job joins.</summary>
public static class BatchProblems
{
    public static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such batch", detail: $"There is no batch {id}.");

    public static ProblemHttpResult Ended(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Batch has ended",
            detail: $"Batch {id} has ended (every job in it ended), so it takes no more jobs. Create a new batch with POST /batches.");

    public sealed record OpenBatch(Guid? Id, ProblemHttpResult? Problem);

    /// <summary>
    /// The batch a form's <c>batchId</c> names: none when empty, 400 when not an id, 404 when not the caller's, 409 when
    /// ended. Only a first look: the join itself is conditional (<see cref="BatchRules.JoinAsync"/>), so a batch ending
    /// between this look and the insert still refuses the job.
    /// </summary>
    public static async Task<OpenBatch> OpenBatchAsync(JobsDbContext db, string? batchId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(batchId)) return new(null, null);
        if (!Guid.TryParse(batchId.Trim(), out var id))
            return new(null, TypedResults.Problem(statusCode: 400, title: "Invalid batchId", detail: $"'{batchId}' is not a batch id (a GUID)."));
        var finishedAt = await db.Batches.Where(b => b.Id == id).Select(b => new { b.FinishedAt }).FirstOrDefaultAsync(cancellationToken);
        if (finishedAt is null) return new(null, NotFound(id));
        return finishedAt.FinishedAt is null ? new(id, null) : new(null, Ended(id));
    }
}
