using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minio;

namespace Queues.ServiceDefaults.Storage;

public static class StorageExtensions
{
    /// <summary>Registers <see cref="IObjectStore"/> from the "Storage" section, and a readiness check for it.</summary>
    public static IHostApplicationBuilder AddObjectStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("Storage").ValidateOnStart()
            .Validate(o => Enum.IsDefined(o.Provider), "Storage:Provider must be Local or Minio");

        builder.Services.AddSingleton<IObjectStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (options.Provider == StorageProvider.Local)
                return new LocalFolderStore(Path.GetFullPath(options.LocalPath, builder.Environment.ContentRootPath));

            var client = new MinioClient()
                .WithEndpoint(options.Endpoint)
                .WithCredentials(options.AccessKey, options.SecretKey)
                .WithSSL(options.UseSsl)
                .WithTimeout(options.TimeoutSeconds * 1000)
                // Set, so signing a URL never asks the server for the bucket's region first.
                .WithRegion(options.Region)
                .Build();
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(MinioObjectStore));
            http.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
            return new MinioObjectStore(client, options, http);
        });
        builder.Services.AddHttpClient(nameof(MinioObjectStore));
        builder.Services.AddHostedService<BucketInitializer>();
        builder.Services.AddHealthChecks().AddCheck<ObjectStoreHealthCheck>("object-store", tags: ["ready"]);
        return builder;
    }

    sealed class ObjectStoreHealthCheck(IObjectStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await store.CheckAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e)
            {
                return HealthCheckResult.Unhealthy("Object store unreachable: " + e.Message);
            }
        }
    }

    /// <summary>Creates the buckets on start, retrying in the background while the server is not up yet.</summary>
    sealed class BucketInitializer(IObjectStore store, ILogger<BucketInitializer> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (store is not MinioObjectStore minio) return;
            for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
            {
                try
                {
                    await minio.EnsureBucketsAsync(stoppingToken);
                    logger.LogInformation("Object store buckets ready");
                    return;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Object store not ready (attempt {Attempt}): {Reason}", attempt, e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), stoppingToken);
                }
            }
        }
    }
}
