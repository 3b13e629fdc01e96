namespace Queues.AppHost;

/// <summary>
/// On a clean clone the broker, the S3 server, nginx and PostgreSQL are not there yet: scripts/install-test-deps.sh
/// installs them (Debian packages, s3rver from npm into &lt;repo&gt;/.tools), as a resource everything else waits for.
/// </summary>
static class Prerequisites
{
    public static IResourceBuilder<ExecutableResource>? AddInstallWhenMissing(this IDistributedApplicationBuilder builder,
        LocalSettings settings, string repoRoot)
    {
        var needed = new[] { Path.Combine(RabbitMq.Bin, "rabbitmq-server"), "/usr/bin/epmd", settings.S3rverPath }
            .Concat(settings.ApiReplicas > 1 ? ["/usr/sbin/nginx"] : [])
            .Concat(settings.Prometheus ? ["/usr/bin/prometheus"] : []);
        var postgresMissing = settings.ApiReplicas > 1 && !Directory.Exists("/usr/lib/postgresql");
        if (needed.All(File.Exists) && !postgresMissing)
            return null;
        return builder.AddExecutable("install-deps", "bash", repoRoot, Path.Combine(repoRoot, "scripts", "install-test-deps.sh")).AsOneShot();
    }

    /// <summary>Waits for the install, when there is one.</summary>
    public static IResourceBuilder<T> AfterInstall<T>(this IResourceBuilder<T> resource, IResourceBuilder<ExecutableResource>? install)
        where T : IResourceWithWaitSupport =>
        install is null ? resource : resource.WaitForCompletion(install);
}
