using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Queues.Api.Access;

/// <param name="Mode">None (open: no key needed, everyone may do everything) or ApiKey.</param>
/// <param name="Authenticated">Whether this request's key (or the open mode) was accepted.</param>
public sealed record AccessView(AuthMode Mode, bool Authenticated, string? Tenant, ApiRole? Role);

/// <summary>GET /access: what the dashboard needs to decide whether to ask for a key and which panels to show.</summary>
public static class AccessApi
{
    public static IEndpointRouteBuilder MapAccess(this IEndpointRouteBuilder app)
    {
        app.MapGet("/access", Get).WithTags("Access").Open()
            .WithSummary("The access mode, and the tenant and role of the key sent with this request, if any");
        return app;
    }

    static Ok<AccessView> Get(HttpContext http, IOptions<AccessOptions> access)
    {
        var user = http.User;
        return user.Identity?.IsAuthenticated == true
            ? TypedResults.Ok(new AccessView(access.Value.Mode, true, user.Tenant(), user.IsOperator() ? ApiRole.Operator : ApiRole.Submitter))
            : TypedResults.Ok(new AccessView(access.Value.Mode, false, null, null));
    }
}
