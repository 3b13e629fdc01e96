using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minio;
using Polly;
using Polly.Retry;

namespace Queues.ServiceDefaults.Storage;

public static class StorageExtensions
{
    /// <summary>Registers <see cref="IObjectStore"/> from the "Storage" section, and a readiness check for it.</summary>
    public static IHostApplicationBuilder AddObjectStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>("Storage");

        builder.Services.AddSingleton<IObjectStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (options.Provider == StorageProvider.Local)
                return new LocalFolderStore(Path.GetFullPath(options.LocalPath, builder.Environment.ContentRootPath));

            var client = new MinioClient()
                .WithEndpoint(options.Endpoint)
                .WithCredentials(options.AccessKey, options.SecretKey)
                .WithSSL(options.UseSsl)
                .WithTimeout((int)options.Timeout.TotalMilliseconds)
                // Set, so signing a URL never asks the server for the bucket's region first.
                .WithRegion(options.Region)
                .Build();
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(MinioObjectStore));
            http.Timeout = options.Timeout;
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
            await UntilReady().ExecuteAsync(async token => await minio.EnsureBucketsAsync(token), stoppingToken);
            logger.LogInformation("Object store buckets ready");
        }

        /// <summary>Forever, 1 s after the first failure, then 2, 3, 4 and 5 s at most; a shutdown ends the waiting.</summary>
        ResiliencePipeline UntilReady() => new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Linear,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(5),
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
            OnRetry = args =>
            {
                logger.LogWarning("Object store not ready (attempt {Attempt}): {Reason}", args.AttemptNumber + 1, args.Outcome.Exception?.Message);
                return ValueTask.CompletedTask;
            },
        }).Build();
    }
}
