using Microsoft.AspNetCore.Http.HttpResults;

namespace Queues.Api.Jobs;

/// <summary>An upload refused: a problem document, with what is allowed when a value was wrong.</summary>
static class IntakeProblems
{
    public static ProblemHttpResult Problem(int status, string title, string detail, string? allowed = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail,
            extensions: allowed is null ? null : new Dictionary<string, object?> { ["allowed"] = allowed });
}
