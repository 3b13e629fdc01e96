using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;

namespace Queues.Api.Access;

public sealed record NewKey(string? Tenant, ApiRole? Role, string? Name, int? UploadsPerSecond, int? MaxJobsInFlight);

public sealed record KeyView(Guid Id, string Tenant, ApiRole Role, string? Name, DateTime CreatedAt, DateTime? RevokedAt,
    int? UploadsPerSecond, int? MaxJobsInFlight)
{
    public static KeyView From(ApiKeyRecord k) => new(k.Id, k.Tenant, k.Role, k.Name, k.CreatedAt, k.RevokedAt, k.UploadsPerSecond, k.MaxJobsInFlight);
}

/// <summary>The key shown once: only its hash is stored.</summary>
public sealed record CreatedKey(string Key, KeyView Details);

/// <summary>Creating, listing and revoking database keys: one code path for POST/GET/DELETE /keys and the <c>keys</c> command.</summary>
public static class ApiKeyStore
{
    /// <summary>Null and a reason when the request is not a valid key.</summary>
    public static string? Invalid(NewKey request)
    {
        if (string.IsNullOrWhiteSpace(request.Tenant) || request.Tenant.Length > 64 || request.Tenant.Any(char.IsControl))
            return "tenant is required: 1 to 64 characters, no control characters.";
        if (request.Role is not { } role || !Enum.IsDefined(role)) return "role is Submitter or Operator.";
        if (request.Name is { Length: > 200 }) return "name is at most 200 characters.";
        if (request.UploadsPerSecond is <= 0 || request.MaxJobsInFlight is <= 0) return "limits, when given, are positive.";
        return null;
    }

    public static async Task<CreatedKey> CreateAsync(JobsDbContext db, NewKey request, DateTime now, CancellationToken cancellationToken)
    {
        var key = ApiKeySecrets.NewKey();
        var record = new ApiKeyRecord
        {
            Id = Guid.CreateVersion7(), Hash = ApiKeySecrets.HashOf(key), Tenant = request.Tenant!.Trim(), Role = request.Role!.Value,
            Name = request.Name, CreatedAt = now, UploadsPerSecond = request.UploadsPerSecond, MaxJobsInFlight = request.MaxJobsInFlight,
        };
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedKey(key, KeyView.From(record));
    }

    public static async Task<IReadOnlyList<KeyView>> ListAsync(JobsDbContext db, CancellationToken cancellationToken) =>
        (await db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken)).Select(KeyView.From).ToList();

    /// <summary>False when there is no such key; revoking twice keeps the first time.</summary>
    public static async Task<bool> RevokeAsync(JobsDbContext db, Guid id, DateTime now, CancellationToken cancellationToken)
    {
        if (!await db.ApiKeys.AnyAsync(k => k.Id == id, cancellationToken)) return false;
        await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        return true;
    }
}
