using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Jobs;

namespace Queues.Api.Access;

/// <summary>
/// Authenticates <c>X-Api-Key: …</c> or <c>Authorization: Bearer …</c> against the configured keys and the
/// database's key hashes. A custom handler because an API key is neither a JWT nor a cookie: the framework's
/// handlers do not read one, and this one is the seam where <see cref="AuthMode.None"/> makes everyone an operator.
/// Missing or unknown key: 401; known key without the role: 403; both as problem documents.
/// </summary>
public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<AccessOptions> access,
    JobsDbContext db,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>EventSource cannot send headers, so the dashboard's event stream alone may carry the key in the query.</summary>
    public const string EventsQueryName = "api_key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var options = access.Value;
        if (options.Mode == AuthMode.None)
            return Success(Caller.Principal("open", AccessOptions.DefaultTenant, ApiRole.Operator, null, null));

        var key = PresentedKey();
        if (key is null) return AuthenticateResult.NoResult();

        var hash = ApiKeySecrets.HashOf(key);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var configured = options.Keys[i];
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(ApiKeySecrets.HashOf(configured.Key)), Encoding.UTF8.GetBytes(hash)))
                return Success(Caller.Principal($"config:{i}", configured.Tenant, configured.Role, configured.UploadsPerSecond, configured.MaxJobsInFlight));
        }

        var stored = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, Context.RequestAborted);
        return stored is null
            ? AuthenticateResult.Fail("Unknown or revoked API key")
            : Success(Caller.Principal(stored.Id.ToString(), stored.Tenant, stored.Role, stored.UploadsPerSecond, stored.MaxJobsInFlight));
    }

    string? PresentedKey()
    {
        if (Request.Headers[HeaderName].FirstOrDefault() is { Length: > 0 } header) return header.Trim();
        var authorization = Request.Headers.Authorization.FirstOrDefault();
        if (authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true) return authorization[7..].Trim();
        if (Request.Path.StartsWithSegments("/events") && Request.Query[EventsQueryName].FirstOrDefault() is { Length: > 0 } query) return query;
        return null;
    }

    AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var unknown = PresentedKey() is not null;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Write(StatusCodes.Status401Unauthorized, unknown ? "Unknown API key" : "API key required",
            unknown ? "The key is not known or was revoked." : $"Send a key as '{HeaderName}: …' or 'Authorization: Bearer …'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Write(StatusCodes.Status403Forbidden, "Operator role required", "This key's role may not do this.");
    }

    async Task Write(int status, string title, string detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
}
