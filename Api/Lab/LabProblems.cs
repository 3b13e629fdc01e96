using Microsoft.AspNetCore.Http.HttpResults;

namespace Queues.Api.Lab;

static class LabProblems
{
    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>504: the action was taken, but what it should have caused was not seen in time.</summary>
    public static ProblemHttpResult Timeout(string detail) => Problem(StatusCodes.Status504GatewayTimeout, "Not done in time", detail);

    public static ProblemHttpResult ScriptFailed(string command, LabProcesses.ScriptRun run) =>
        Problem(StatusCodes.Status500InternalServerError, "Script failed", $"scripts/{command} exited with {run.ExitCode}: {run.Output}");
}
