using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Queues.Api.Access;

/// <summary>
/// The access policy in the OpenAPI document, read from each endpoint's own metadata so it cannot drift: an
/// "ApiKey" security scheme (Swagger UI's Authorize button), 401 on every endpoint that is not open, 403 on the
/// operator-only ones, 429 on the rate-limited uploads.
/// </summary>
public static class AccessDocs
{
    public static OpenApiOptions AddAccessDocs(this OpenApiOptions options) => options
        .AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyHandler.HeaderName,
                Description = "An API key (Auth:Mode ApiKey); also accepted as 'Authorization: Bearer <key>'. Not needed in the open mode.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyHandler.SchemeName, document)] = [] }];
            return Task.CompletedTask;
        })
        .AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var open = metadata.OfType<IAllowAnonymous>().Any();
            if (!open) Add(operation, "401", "No key, or a key that is unknown or revoked (ApiKey mode)");
            if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy == AccessRegistration.OperatorPolicy))
                Add(operation, "403", "The key is not an operator's");
            if (metadata.OfType<EnableRateLimitingAttribute>().Any())
                Add(operation, "429", "Over the key's upload rate or the tenant's jobs-in-flight quota; see Retry-After");
            if (open) operation.Security = [];
            return Task.CompletedTask;
        });

    static void Add(OpenApiOperation operation, string status, string description)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd(status, new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() },
        });
    }
}
