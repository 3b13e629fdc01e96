using Microsoft.AspNetCore.Hosting;

namespace Queues.Tests.Support;

/// <summary>The standalone app in ApiKey mode with three configured keys: an operator, and submitters of tenants A and B.</summary>
public class KeyedApp : StandaloneApp
{
    public const string OperatorKey = "test-operator-key-0000000000";
    public const string TenantAKey = "test-tenant-a-key-00000000000";
    public const string TenantBKey = "test-tenant-b-key-00000000000";

    /// <summary>Extra settings a test's own app needs (limits), applied after the keys.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Auth:Mode", "ApiKey");
        string[][] keys = [[OperatorKey, "ops", "Operator"], [TenantAKey, "tenant-a", "Submitter"], [TenantBKey, "tenant-b", "Submitter"]];
        for (var i = 0; i < keys.Length; i++)
        {
            builder.UseSetting($"Auth:Keys:{i}:Key", keys[i][0]);
            builder.UseSetting($"Auth:Keys:{i}:Tenant", keys[i][1]);
            builder.UseSetting($"Auth:Keys:{i}:Role", keys[i][2]);
        }
        foreach (var (name, value) in Settings) builder.UseSetting(name, value);
    }

    /// <summary>A client that sends <paramref name="key"/> as X-Api-Key (none when null).</summary>
    public HttpClient ClientWith(string? key)
    {
        var client = CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
