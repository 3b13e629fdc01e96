using Microsoft.AspNetCore.Hosting;
using Queues.Api.Jobs;
using Queues.Tests.Support;

namespace Queues.Tests.Api.Schema;

/// <summary>The real API in standalone mode, started on a database and object store the test made beforehand.</summary>
public sealed class UpgradedApp(DatabaseProvider provider, string connectionString, string objectsPath, bool migrateOnStart = true)
    : StandaloneApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:Provider", provider.ToString());
        builder.UseSetting("Database:ConnectionString", connectionString);
        builder.UseSetting("Database:MigrateOnStart", migrateOnStart.ToString());
        builder.UseSetting("Storage:LocalPath", objectsPath);
    }
}
