using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Queues.Api.Jobs;

/// <summary>What a batch action did: how many of the batch's jobs it matched and acted on.</summary>
public sealed record BatchOutcome(Guid BatchId, string Action, int Matched, int Acted);

/// <summary>
/// POST /batches/{id}/cancel, POST /batches/{id}/retry, DELETE /batches/{id}: each job goes through the code of its own
/// endpoint (<see cref="JobControl"/>). Retrying the failed jobs of an ended batch reopens nothing: the batch stays
/// ended and is not announced again; its counts show the retried jobs' new states.
/// </summary>
public static class BatchControlApi
{
    public static RouteGroupBuilder MapBatchControl(this RouteGroupBuilder batches)
    {
        batches.MapPost("/{id:guid}/cancel", Cancel).WithSummary("Cancel the batch's queued and processing jobs (the batch then ends)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        batches.MapPost("/{id:guid}/retry", Retry)
            .WithSummary("Queue the batch's failed jobs again; an ended batch stays ended (no second batch.completed)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        batches.MapDelete("/{id:guid}", Delete).WithSummary("Delete the batch, its jobs and their stored objects; unfinished jobs are cancelled first")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return batches;
    }

    static Task<Results<Ok<BatchOutcome>, ProblemHttpResult>> Cancel(Guid id, JobsDbContext db, JobControl control, CancellationToken cancellationToken) =>
        ActAsync(id, "cancel", db, j => j.State == JobState.Queued || j.State == JobState.Processing,
            async jobId => (await control.CancelAsync(jobId, cancellationToken)).State == JobState.Cancelled, cancellationToken);

    static Task<Results<Ok<BatchOutcome>, ProblemHttpResult>> Retry(Guid id, JobsDbContext db, JobControl control, CancellationToken cancellationToken) =>
        ActAsync(id, "retry", db, j => j.State == JobState.Failed, jobId => control.RetryAsync(jobId, cancellationToken), cancellationToken);

    static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, JobsDbContext db, JobControl control, CancellationToken cancellationToken)
    {
        var acted = await ActAsync(id, "delete", db, _ => true, async jobId => (await control.DeleteAsync(jobId, cancellationToken)).Found,
            cancellationToken);
        if (acted.Result is ProblemHttpResult problem) return problem;
        // Its jobs are gone (a job added meanwhile is left as a job of no batch's, not deleted unseen).
        await db.Batches.Where(b => b.Id == id).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<Results<Ok<BatchOutcome>, ProblemHttpResult>> ActAsync(Guid id, string action, JobsDbContext db,
        System.Linq.Expressions.Expression<Func<ImageJob, bool>> which, Func<Guid, Task<bool>> act, CancellationToken cancellationToken)
    {
        if (!await db.Batches.AnyAsync(b => b.Id == id, cancellationToken)) return BatchProblems.NotFound(id);
        var ids = await db.Jobs.AsNoTracking().Where(j => j.BatchId == id).Where(which).OrderBy(j => j.QueuedAt).Select(j => j.Id)
            .ToListAsync(cancellationToken);
        var acted = 0;
        try
        {
            foreach (var jobId in ids)
                if (await act(jobId)) acted++;
        }
        // The broker (retry, cancel) or the object store (delete) away: say how far it got; the rest can be asked for again.
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Problem(statusCode: 503, title: "Unavailable", detail: $"Stopped after {acted} of {ids.Count} jobs: {e.Message}",
                extensions: new Dictionary<string, object?> { ["acted"] = acted });
        }
        return TypedResults.Ok(new BatchOutcome(id, action, ids.Count, acted));
    }
}
