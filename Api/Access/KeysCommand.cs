using Queues.Api.Jobs;

namespace Queues.Api.Access;

/// <summary>
/// <c>dotnet Queues.Api.dll keys create TENANT Submitter|Operator [NAME]</c>, <c>keys list</c>, <c>keys revoke ID</c>:
/// key management without a key, for the first operator key and for recovery. Like <c>migrate</c>, it needs only
/// the runtime and the database settings, and exits when done.
/// </summary>
public static class KeysCommand
{
    public static async Task<bool> RunKeysCommandAsync(this WebApplication app, string[] args)
    {
        if (args.FirstOrDefault() != "keys") return false;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
            await JobsSchema.MigrateAsync(db, app.Logger, CancellationToken.None);
            Environment.ExitCode = await RunAsync(db, args.Skip(1).ToArray(), Console.Out);
        }
        await app.DisposeAsync();
        return true;
    }

    static async Task<int> RunAsync(JobsDbContext db, string[] args, TextWriter output)
    {
        var now = DateTime.UtcNow;
        switch (args.FirstOrDefault())
        {
            case "create" when args.Length >= 3:
                var request = new NewKey(args[1], Enum.TryParse<ApiRole>(args[2], true, out var role) ? role : null, args.ElementAtOrDefault(3), null, null);
                if (ApiKeyStore.Invalid(request) is { } reason)
                {
                    await output.WriteLineAsync(reason);
                    return 2;
                }
                var created = await ApiKeyStore.CreateAsync(db, request, now, CancellationToken.None);
                await output.WriteLineAsync($"id {created.Details.Id} tenant {created.Details.Tenant} role {created.Details.Role}");
                await output.WriteLineAsync(created.Key);
                return 0;
            case "list":
                foreach (var k in await ApiKeyStore.ListAsync(db, CancellationToken.None))
                    await output.WriteLineAsync($"{k.Id}  {k.Tenant}  {k.Role}  {k.Name}  created {k.CreatedAt:u}{(k.RevokedAt is { } r ? $"  revoked {r:u}" : "")}");
                return 0;
            case "revoke" when args.Length >= 2 && Guid.TryParse(args[1], out var id):
                var found = await ApiKeyStore.RevokeAsync(db, id, now, CancellationToken.None);
                await output.WriteLineAsync(found ? $"revoked {id}" : $"no key {id}");
                return found ? 0 : 1;
            default:
                await output.WriteLineAsync("usage: keys create TENANT Submitter|Operator [NAME] | keys list | keys revoke ID");
                return 2;
        }
    }
}
