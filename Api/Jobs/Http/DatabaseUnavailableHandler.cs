using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace Queues.Api.Jobs;

/// <summary>
/// The jobs database unreachable (PostgreSQL stopped, restarting, the network gone; SQLite busy past its timeout):
/// any request that needed it answers 503 with a problem document and Retry-After, not a 500. An upload that got a 503
/// was not accepted (no job row was written), so the client sends it again; nothing that was accepted is touched.
/// </summary>
public sealed class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (Transient(exception) is not { } failure || http.Response.HasStarted) return false;
        logger.LogWarning("Jobs database unavailable for {Method} {Path}: {Reason}", http.Request.Method, http.Request.Path, failure.Message);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Jobs database unavailable",
                Detail = $"The jobs database cannot be reached, so nothing was accepted or changed; try again shortly. ({failure.Message})",
            },
        });
    }

    /// <summary>A database failure that may pass (the provider says so: connection refused, server shutting down, busy).</summary>
    static DbException? Transient(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is DbException { IsTransient: true } failure) return failure;
        return null;
    }
}
