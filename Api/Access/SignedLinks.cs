using Queues.Api.Jobs;

namespace Queues.Api.Access;

/// <summary>
/// An endpoint that a signed link may open without a key (a job's original and result). A valid signature stands
/// for the key: the link was handed to someone allowed to see that job, so the tenant filter is lifted for it.
/// A tampered or expired link: 403. No link and no key: 401, as everywhere else.
/// </summary>
public static class SignedLinks
{
    public static RouteHandlerBuilder AllowSignedLinks(this RouteHandlerBuilder endpoint) =>
        endpoint.Open().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            switch (http.RequestServices.GetRequiredService<LinkSigner>().Check(http.Request))
            {
                case LinkSigner.Verdict.Valid:
                    http.RequestServices.GetRequiredService<JobsDbContext>().SeeAllTenants();
                    return await next(context);
                case LinkSigner.Verdict.Invalid:
                    return TypedResults.Problem(statusCode: 403, title: "Invalid link", detail: "The link's signature does not match its path and expiry.");
                case LinkSigner.Verdict.Expired:
                    return TypedResults.Problem(statusCode: 403, title: "Expired link", detail: "The link has expired; ask for the job again for a fresh one.");
                default:
                    return http.User.Identity?.IsAuthenticated == true ? await next(context) : TypedResults.Challenge();
            }
        });
}
