namespace Queues.AppHost;

/// <summary>
/// A private RabbitMQ node: run as us from /usr/lib/rabbitmq/bin (the /usr/sbin
/// wrappers switch user), its own HOME, node name, ports and folders, everything on 127.0.0.1.
/// </summary>
static class RabbitMq
{
    public const string Bin = "/usr/lib/rabbitmq/bin";
    public const string LoopbackOnly = "-kernel inet_dist_use_interface {127,0,0,1}";

    /// <summary>
    /// The Erlang port mapper, a resource of its own: a node starts one in the background otherwise, which outlives
    /// the app host. Its own port, so stopping it stops no one else's node.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddEpmd(this IDistributedApplicationBuilder builder, LocalSettings settings) =>
        builder.AddExecutable("epmd", "epmd", settings.RunDirectory, "-port", settings.EffectiveEpmdPort.ToString(), "-address", "127.0.0.1")
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1")
            .WithTcpHealthCheck(settings.EffectiveEpmdPort);

    /// <summary>One node: <paramref name="name"/>@localhost with its AMQP, management and distribution ports.</summary>
    public static IResourceBuilder<ExecutableResource> AddRabbitNode(this IDistributedApplicationBuilder builder,
        string name, string home, string nodeDirectory, int amqp, int management, int distribution, LocalSettings settings,
        IResourceBuilder<ExecutableResource> epmd)
    {
        Directory.CreateDirectory(Path.Combine(nodeDirectory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(nodeDirectory, "log"));
        File.WriteAllText(Path.Combine(nodeDirectory, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{amqp}
            management.tcp.ip = 127.0.0.1
            management.tcp.port = {management}
            # Queue depths and rates every second, not every 5 s (the lab's plots).
            collect_statistics_interval = 1000
            management.sample_retention_policies.global.minute = 1
            management.sample_retention_policies.basic.minute = 1
            management.sample_retention_policies.detailed.10 = 1

            """);
        // What `rabbitmq-plugins --offline enable rabbitmq_management` writes.
        File.WriteAllText(Path.Combine(nodeDirectory, "enabled_plugins"), "[rabbitmq_management].\n");

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["RABBITMQ_NODENAME"] = NodeName(name),
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = amqp.ToString(),
            ["RABBITMQ_DIST_PORT"] = distribution.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["ERL_EPMD_PORT"] = settings.EffectiveEpmdPort.ToString(),
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = LoopbackOnly,
            ["RABBITMQ_CTL_ERL_ARGS"] = LoopbackOnly,
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(nodeDirectory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(nodeDirectory, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(nodeDirectory, "rabbitmq"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(nodeDirectory, "enabled_plugins"),
            ["ERL_CRASH_DUMP"] = Path.Combine(nodeDirectory, "erl_crash.dump"),
            // The node's log on standard output: the dashboard shows it with every other resource's.
            ["RABBITMQ_LOGS"] = "-",
        };
        var node = builder.AddExecutable(name, Path.Combine(Bin, "rabbitmq-server"), nodeDirectory);
        foreach (var (key, value) in environment)
            node.WithEnvironment(key, value);
        return node.WithBrokerAppCommands(environment)
            // SIGKILL to the Erlang VM: a node's crash.
            .WithKillCommand(amqp)
            .WithEndpoint(port: amqp, name: "amqp", scheme: "amqp", isProxied: false)
            .WithHttpEndpoint(port: management, name: "management", isProxied: false)
            // The AMQP listener opens last in the node's boot: when it accepts, clients can connect.
            .WithTcpHealthCheck(amqp)
            .WaitFor(epmd);
    }

    public static string NodeName(string resourceName) => $"queues-{resourceName}@localhost";

    /// <summary>
    /// The single node, or three nodes with one Erlang cookie joined into a cluster. Returns what the hosts wait for and the bus settings they get.
    /// </summary>
    public static Broker AddBroker(this IDistributedApplicationBuilder builder, LocalSettings settings,
        IResourceBuilder<ExecutableResource>? install)
    {
        // Every node waits for the port mapper, so for the install too.
        var epmd = builder.AddEpmd(settings).AfterInstall(install);
        var home = Path.Combine(settings.RunDirectory, "rabbitmq", "home");
        Directory.CreateDirectory(home);
        if (!settings.Cluster)
        {
            var node = builder.AddRabbitNode("rabbitmq", home, Path.Combine(settings.RunDirectory, "rabbitmq"),
                settings.AmqpPort, settings.ManagementPort, settings.DistributionPort, settings, epmd);
            return new Broker([node], node, new()
            {
                ["Bus__Port"] = settings.AmqpPort.ToString(),
                ["Bus__ManagementUrl"] = $"http://127.0.0.1:{settings.ManagementPort}/",
            });
        }
        return builder.AddCluster(settings, epmd, home);
    }
}

/// <summary>The broker's nodes, the resource that says it is ready (the node, or the cluster's join), and the bus settings.</summary>
sealed record Broker(IReadOnlyList<IResourceBuilder<ExecutableResource>> Nodes, IResourceBuilder<ExecutableResource> Ready,
    Dictionary<string, string> BusSettings, bool ReadyWhenCompleted = false)
{
    /// <summary>
    /// A host gets the bus settings and, with <paramref name="wait"/>, waits for the broker's readiness at each start (a
    /// worker waits for the Api instead, so that it can be started while the broker is down).
    /// </summary>
    public IResourceBuilder<T> UsedBy<T>(IResourceBuilder<T> host, bool wait = true) where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        if (wait)
            host = ReadyWhenCompleted ? host.WaitForCompletion(Ready) : host.WaitFor(Ready);
        host.WithEnvironment("Bus__Transport", "RabbitMq").WithEnvironment("Bus__Host", "127.0.0.1");
        foreach (var (key, value) in BusSettings)
            host.WithEnvironment(key, value);
        return host;
    }
}
