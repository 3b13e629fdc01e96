using Microsoft.AspNetCore.Http.HttpResults;

namespace Queues.Api.Jobs;

/// <summary>The problem documents the job endpoints share, each written once.</summary>
public static class JobProblems
{
    public static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such job", detail: $"There is no job {id}.");

    /// <summary>409 unless the job has a result to serve.</summary>
    public static ProblemHttpResult? NoResultYet(ImageJob job) =>
        job.State == JobState.Completed && job.ResultKey is not null ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No result yet",
                detail: job.State == JobState.Failed ? $"The job failed: {job.FailureReason}" : $"The job is {job.State}.");

    public static ProblemHttpResult StorageUnavailable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage unavailable", detail: detail);
}
