namespace Queues.AppHost;

/// <summary>
/// A private PostgreSQL server for the jobs database when several Api replicas share it (or alone, Queues:Postgres): its
/// own data folder (initdb once), its own port, loopback only, trust auth, the socket in the data folder.
/// </summary>
static class Postgres
{
    public static IResourceBuilder<ExecutableResource> AddPostgres(this IDistributedApplicationBuilder builder, LocalSettings settings,
        IResourceBuilder<ExecutableResource>? install)
    {
        var data = Path.Combine(settings.RunDirectory, "postgres");
        AsUser.Own("postgres", data);
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Order().Select(d => Path.Combine(d, "bin")).Last()
            : "/usr/lib/postgresql/15/bin";

        // A one-shot resource, so its output is in the dashboard too; a folder with PG_VERSION is initialised already.
        var (initCommand, initArgs) = AsUser.Command("postgres", "bash", "-c",
            $"if [ -f '{data}/PG_VERSION' ]; then echo 'initialised already'; else '{bin}/initdb' -D '{data}' -U postgres --auth=trust -E UTF8; fi");
        var init = builder.AddExecutable("postgres-init", initCommand, settings.RunDirectory, initArgs).AfterInstall(install).AsOneShot();

        var (command, args) = AsUser.Command("postgres", Path.Combine(bin, "postgres"), "-D", data, "-p", settings.PostgresPort.ToString(),
            "-k", data, "-c", "listen_addresses=127.0.0.1");
        return builder.AddExecutable("postgres", command, settings.RunDirectory, args)
            .WithEndpoint(port: settings.PostgresPort, name: "tcp", scheme: "tcp", isProxied: false)
            .WithPostgresReadyCheck(bin, settings.PostgresPort)
            .WaitForCompletion(init);
    }

    public static string ConnectionString(LocalSettings settings) =>
        $"Host=127.0.0.1;Port={settings.PostgresPort};Username=postgres;Database=queues";
}
