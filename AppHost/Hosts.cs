namespace Queues.AppHost;

/// <summary>Our .NET hosts as projects: the Api (one, or K replicas on PostgreSQL behind nginx), N workers, the Notifier.</summary>
static class Hosts
{
    /// <summary>
    /// A host on its own loopback port, healthy when <paramref name="health"/> answers (/health/ready: its dependencies
    /// answer). Production; the app host's OTLP settings turn its traces on (ServiceDefaults).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddHost<TProject>(this IDistributedApplicationBuilder builder, string name, int port,
        string health = "/health/ready")
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithHttpEndpoint(port: port, name: "http", isProxied: false)
            // Bound to 127.0.0.1, not Aspire's "localhost" (which would also take ::1).
            .WithArgs("--urls", $"http://127.0.0.1:{port}")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
            .WithEnvironment("DOTNET_ENVIRONMENT", "Production")
            .WithHttpHealthCheck(health, endpointName: "http");

    /// <summary>
    /// The Api as the one URL to use: the Api itself, or nginx in front of the replicas. Its health is its liveness, not
    /// its readiness: the workers wait for it at every start, and the lab starts workers while the storage or the
    /// broker is down.
    /// </summary>
    public static IResourceBuilder<IResourceWithEndpoints> AddApi(this IDistributedApplicationBuilder builder, LocalSettings settings,
        string repoRoot, Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> dependencies,
        IResourceBuilder<ExecutableResource>? install)
    {
        if (settings.ApiReplicas == 1)
        {
            var api = dependencies(builder.AddHost<Projects.Api>("api", settings.ApiPort, Live))
                .WithEnvironment("Database__ConnectionString", "Data Source=" + Path.Combine(settings.RunDirectory, "queues.db"));
            return Convert(api);
        }

        // Several replicas share one jobs database: SQLite is one file on one host, so PostgreSQL.
        var postgres = builder.AddPostgres(settings, install);
        var replicas = new List<IResourceBuilder<ProjectResource>>();
        for (var i = 1; i <= settings.ApiReplicas; i++)
        {
            var replica = dependencies(builder.AddHost<Projects.Api>($"api-{i}", settings.ReplicaBasePort + i, Live))
                .WithEnvironment("Database__Provider", "Postgres")
                .WithEnvironment("Database__ConnectionString", Postgres.ConnectionString(settings))
                .WaitFor(postgres);
            // The first replica creates and migrates the database before the others start.
            if (replicas.Count > 0)
                replica.WaitFor(replicas[0]);
            replicas.Add(replica);
        }
        var nginx = builder.AddNginx(settings, repoRoot, Enumerable.Range(1, settings.ApiReplicas).Select(i => settings.ReplicaBasePort + i))
            .AfterInstall(install);
        foreach (var replica in replicas)
            nginx.WaitFor(replica);
        return Convert(nginx);
    }

    const string Live = "/health/live";

    static IResourceBuilder<IResourceWithEndpoints> Convert<T>(IResourceBuilder<T> resource) where T : IResourceWithEndpoints =>
        resource.ApplicationBuilder.CreateResourceBuilder<IResourceWithEndpoints>(resource.Resource);
}
