using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Queues.Api.Jobs;

/// <summary>POST /jobs/{id}/cancel and DELETE /jobs/{id}.</summary>
public static class JobControlApi
{
    public static IEndpointRouteBuilder MapJobControl(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapPost("/{id:guid}/cancel", Cancel)
            .WithSummary("Cancel a queued or processing job")
            .WithDescription("A queued job is never sent (or, if already sent, skipped by the worker that receives it); a processing job is stopped "
                + "by its worker at the next safe point and its message acknowledged. Cancelling a cancelled job answers the same. 409 for a finished job.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        jobs.MapDelete("/{id:guid}", Delete)
            .WithSummary("Delete a job and its stored objects (original and result); an unfinished job is cancelled first")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    static async Task<Results<Ok<JobView>, ProblemHttpResult>> Cancel(Guid id, JobControl control, JobsDbContext db, CancellationToken cancellationToken)
    {
        var outcome = await control.CancelAsync(id, cancellationToken);
        if (!outcome.Found) return JobProblems.NotFound(id);
        if (outcome.State != JobState.Cancelled)
            return TypedResults.Problem(statusCode: 409, title: "Already finished",
                detail: $"Only queued or processing jobs can be cancelled; this one is {outcome.State}.");
        return TypedResults.Ok(JobView.From(await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == id, cancellationToken)));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, JobControl control, CancellationToken cancellationToken)
    {
        ControlOutcome outcome;
        try
        {
            outcome = await control.DeleteAsync(id, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return JobProblems.StorageUnavailable($"The job's stored objects could not be removed, so the job is kept: {e.Message}");
        }
        return outcome.Found ? TypedResults.NoContent() : JobProblems.NotFound(id);
    }
}
