using Microsoft.AspNetCore.Http.HttpResults;
using Queues.Api.Jobs;

namespace Queues.Api.Access;

/// <summary>Operators create, list and revoke database keys. A new key is in the 201 answer and nowhere else.</summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeys(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/keys").WithTags("Access").OperatorOnly();
        keys.MapGet("/", List).WithSummary("Database keys: tenant, role, limits, created and revoked times (never the key)");
        keys.MapPost("/", Create).WithSummary("Create a key for a tenant and role; the answer shows the key once")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        keys.MapDelete("/{id:guid}", Revoke).WithSummary("Revoke a key: it is refused from the next request on")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    static async Task<Ok<IReadOnlyList<KeyView>>> List(JobsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ApiKeyStore.ListAsync(db, cancellationToken));

    static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> Create(NewKey? request, JobsDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var reason = request is null
            ? "Send JSON: {\"tenant\": \"…\", \"role\": \"Submitter\" | \"Operator\", \"name\": \"…\"}."
            : ApiKeyStore.Invalid(request);
        if (reason is not null) return TypedResults.Problem(statusCode: 400, title: "Invalid key request", detail: reason);
        var created = await ApiKeyStore.CreateAsync(db, request!, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return TypedResults.Created($"/keys/{created.Details.Id}", created);
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Revoke(Guid id, JobsDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        await ApiKeyStore.RevokeAsync(db, id, clock.GetUtcNow().UtcDateTime, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: 404, title: "No such key", detail: $"There is no key {id}.");
}
