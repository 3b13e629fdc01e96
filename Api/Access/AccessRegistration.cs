using Microsoft.AspNetCore.Authorization;
using Queues.Api.Jobs;
using Queues.ServiceDefaults;

namespace Queues.Api.Access;

/// <summary>
/// Who may call what. Every endpoint needs a Submitter key unless it says otherwise (the fallback policy), so an
/// endpoint added later is closed by default; operator-only endpoints say <see cref="OperatorOnly{T}"/>, the open
/// ones <see cref="Open{T}"/>. A submitter's requests see only its tenant's jobs through the jobs table's query
/// filter (<see cref="JobsDbContext.TenantScope"/>), so a new query over jobs is confined by default too.
/// </summary>
public static class AccessRegistration
{
    public const string OperatorPolicy = "Operator";

    public static IHostApplicationBuilder AddAccess(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AccessOptions, AccessOptionsValidator>("Auth");
        builder.Services.AddAuthentication(ApiKeyHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyHandler.SchemeName)
                .RequireRole(nameof(ApiRole.Submitter), nameof(ApiRole.Operator)).Build())
            .AddPolicy(OperatorPolicy, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName).RequireRole(nameof(ApiRole.Operator)));
        builder.AddUploadLimits();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<JobQuota>();
        builder.Services.AddSingleton<LinkSigner>();
        return builder;
    }

    /// <summary>After the dashboard's static files (the page loads without a key and asks for one), before the endpoints.</summary>
    public static WebApplication UseAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use((context, next) =>
        {
            // Whose jobs this request's queries see: an operator's, every tenant's; a submitter's, its own; no caller, none.
            var db = context.RequestServices.GetRequiredService<JobsDbContext>();
            if (context.User.IsOperator()) db.SeeAllTenants();
            else if (context.User.TenantScope() is { } tenant) db.SeeTenant(tenant);
            return next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    public static TBuilder OperatorOnly<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireAuthorization(OperatorPolicy);

    public static TBuilder Open<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.AllowAnonymous();
}
