using System.Security.Claims;

namespace Queues.Api.Access;

/// <summary>What a request's principal carries: who (the key's id), its tenant, its role and its own limits.</summary>
public static class Caller
{
    public const string TenantClaim = "queues:tenant";
    public const string UploadsPerSecondClaim = "queues:uploads-per-second";
    public const string MaxJobsInFlightClaim = "queues:max-jobs-in-flight";

    public static ClaimsPrincipal Principal(string keyId, string tenant, ApiRole role, int? uploadsPerSecond, int? maxJobsInFlight)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, keyId),
            new(TenantClaim, tenant),
            new(ClaimTypes.Role, role.ToString()),
        };
        if (uploadsPerSecond is { } rate) claims.Add(new(UploadsPerSecondClaim, rate.ToString()));
        if (maxJobsInFlight is { } cap) claims.Add(new(MaxJobsInFlightClaim, cap.ToString()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, ApiKeyHandler.SchemeName));
    }

    public static string Tenant(this ClaimsPrincipal user) => user.FindFirstValue(TenantClaim) ?? AccessOptions.DefaultTenant;

    public static bool IsOperator(this ClaimsPrincipal user) => user.IsInRole(nameof(ApiRole.Operator));

    public static string KeyId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";

    /// <summary>The tenant whose jobs this caller may see, or null for all of them (an operator).</summary>
    public static string? TenantScope(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && !user.IsOperator() ? user.Tenant() : null;

    public static int? Limit(this ClaimsPrincipal user, string claim) =>
        int.TryParse(user.FindFirstValue(claim), out var value) ? value : null;
}
