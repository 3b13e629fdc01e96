namespace Queues.AppHost;

/// <summary>The S3 server (s3rver from npm); s3rver knows one access key, its own.</summary>
static class Storage
{
    public static IResourceBuilder<ExecutableResource> AddS3rver(this IDistributedApplicationBuilder builder, LocalSettings settings)
    {
        var data = Path.Combine(settings.RunDirectory, "s3");
        Directory.CreateDirectory(data);
        return builder.AddExecutable("s3", "node", settings.RunDirectory, settings.S3rverPath, "-d", data, "-a", "127.0.0.1",
                "-p", settings.S3Port.ToString(), "--silent", "--allow-mismatched-signatures")
            .WithHttpEndpoint(port: settings.S3Port, name: "http", isProxied: false)
            .WithHttpAnswerCheck(settings.S3Port);
    }

    /// <summary>The storage settings, and with <paramref name="wait"/> a wait for the S3 server at each start.</summary>
    public static IResourceBuilder<T> WithObjectStore<T>(this IResourceBuilder<T> host, IResourceBuilder<ExecutableResource> s3,
        LocalSettings settings, bool wait = true) where T : IResourceWithEnvironment, IResourceWithWaitSupport =>
        (wait ? host.WaitFor(s3) : host)
            .WithEnvironment("Storage__Provider", "Minio")
            .WithEnvironment("Storage__Endpoint", "127.0.0.1:" + settings.S3Port)
            .WithEnvironment("Storage__AccessKey", "S3RVER")
            .WithEnvironment("Storage__SecretKey", "S3RVER");
}
