using Microsoft.AspNetCore.Http.HttpResults;

namespace Queues.Api.Lab;

static class LabProblems
{
    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>504: the action was taken, but what it should have caused was not seen in time.</summary>
    public static ProblemHttpResult Timeout(string detail) => Problem(StatusCodes.Status504GatewayTimeout, "Not done in time", detail);

    /// <summary>502: the app host refused or failed the command.</summary>
    public static ProblemHttpResult ControlFailed(LabControl.Outcome outcome) =>
        Problem(StatusCodes.Status502BadGateway, "The app host did not do it", outcome.Detail);
}
