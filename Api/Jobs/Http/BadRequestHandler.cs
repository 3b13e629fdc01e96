using Microsoft.AspNetCore.Diagnostics;

namespace Queues.Api.Jobs;

/// <summary>
/// A request the framework could not bind (a page that is not a number, a form it cannot read) answers its own 4xx
/// as a problem document. In Development, minimal APIs throw these instead of answering them, and without this the
/// exception handler would turn them into 500s.
/// </summary>
public sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || http.Response.HasStarted) return false;
        http.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message },
        });
    }
}
