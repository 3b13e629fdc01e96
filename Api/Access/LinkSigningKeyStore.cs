using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Jobs;

namespace Queues.Api.Access;

/// <summary>A named secret the Api generates once; replicas read the same row.</summary>
public sealed class AppSecret
{
    public required string Name { get; set; }
    public required string Value { get; set; }
}

public static class LinkSigningKeyStore
{
    const string Name = "link-signing-key";

    /// <summary>
    /// The configured key, else the stored one, else a new one stored for the next start and the other replicas
    /// (two replicas starting at once: the second insert fails on the key and reads the first's).
    /// </summary>
    public static async Task PrepareLinkSigningAsync(this WebApplication app)
    {
        var signer = app.Services.GetRequiredService<LinkSigner>();
        if (app.Services.GetRequiredService<IOptions<AccessOptions>>().Value.LinkSigningKey is { Length: > 0 } configured)
        {
            signer.UseKey(Encoding.UTF8.GetBytes(configured));
            return;
        }
        try
        {
            signer.UseKey(await StoredKeyAsync(app));
        }
        catch (System.Data.Common.DbException e)
        {
            // Database:MigrateOnStart false and the schema not yet migrated: links still work, until this process stops.
            app.Logger.LogWarning("No stored link-signing key ({Reason}); links are signed with a key of this process only", e.Message);
        }
    }

    static async Task<byte[]> StoredKeyAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        var stored = await db.Secrets.AsNoTracking().FirstOrDefaultAsync(s => s.Name == Name);
        if (stored is null)
        {
            try
            {
                db.Secrets.Add(stored = new AppSecret { Name = Name, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                stored = await db.Secrets.AsNoTracking().FirstAsync(s => s.Name == Name);
            }
        }
        return Convert.FromBase64String(stored.Value);
    }
}
