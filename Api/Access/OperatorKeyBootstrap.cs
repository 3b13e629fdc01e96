using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Queues.Api.Jobs;

namespace Queues.Api.Access;

/// <summary>
/// ApiKey mode with no operator key anywhere (none configured, none in the database) would lock everyone out of
/// key management. Then one operator key is created and printed once in the log, and written to
/// <c>Auth:BootstrapKeyFile</c> when set (docker-compose: the data volume, where Prometheus reads it to scrape /metrics).
/// </summary>
public static class OperatorKeyBootstrap
{
    public static async Task EnsureOperatorKeyAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AccessOptions>>().Value;
        if (options.Mode != AuthMode.ApiKey || options.Keys.Any(k => k.Role == ApiRole.Operator)) return;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        try
        {
            if (await db.ApiKeys.AnyAsync(k => k.Role == ApiRole.Operator && k.RevokedAt == null)) return;
            var created = await ApiKeyStore.CreateAsync(db, new NewKey("ops", ApiRole.Operator, "bootstrap", null, null), DateTime.UtcNow, CancellationToken.None);
            if (options.BootstrapKeyFile is { Length: > 0 } file)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
                await File.WriteAllTextAsync(file, created.Key);
                // Readable by the Prometheus container, which mounts the volume under another user.
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
            app.Logger.LogWarning("ApiKey mode and no operator key: created one (id {Id}), shown this once: {Key}{Where}",
                created.Details.Id, created.Key, options.BootstrapKeyFile is { Length: > 0 } f ? $" (also in {f})" : "");
        }
        catch (System.Data.Common.DbException e)
        {
            app.Logger.LogWarning("No operator key could be created ({Reason}); create one with the 'keys create' command", e.Message);
        }
    }
}
