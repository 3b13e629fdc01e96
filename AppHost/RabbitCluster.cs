using System.Security.Cryptography;

namespace Queues.AppHost;

/// <summary>
/// Three nodes on one machine: one HOME (one Erlang cookie), one port mapper,
/// nodes 2 and 3 joined to node 1 once (a marker in each node's folder), then quorum queues across them.
/// </summary>
static class RabbitCluster
{
    public static Broker AddCluster(this IDistributedApplicationBuilder builder, LocalSettings settings,
        IResourceBuilder<ExecutableResource> epmd, string home)
    {
        WriteCookie(home);
        var nodes = Enumerable.Range(0, 3).Select(i => builder.AddRabbitNode($"rabbitmq-{i + 1}", home,
            Path.Combine(settings.RunDirectory, "cluster", $"node{i + 1}"), Amqp(settings, i + 1),
            settings.ClusterPort(settings.ClusterManagementPorts, settings.ManagementPort, 1, i + 1),
            settings.ClusterPort(settings.ClusterDistributionPorts, settings.DistributionPort, 10, i + 1), settings, epmd)).ToList();

        var join = builder.AddExecutable("rabbitmq-cluster-join", "bash", settings.RunDirectory, "-c", JoinScript(settings)).AsOneShot()
            .WithEnvironment("HOME", home)
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1")
            .WithEnvironment("ERL_EPMD_PORT", settings.EffectiveEpmdPort.ToString())
            .WithEnvironment("RABBITMQ_CTL_ERL_ARGS", RabbitMq.LoopbackOnly);
        foreach (var node in nodes)
            join.WaitFor(node);

        var amqpNodes = string.Join(",", Enumerable.Range(1, 3).Select(n => $"127.0.0.1:{Amqp(settings, n)}"));
        return new Broker(nodes, join, new()
        {
            ["Bus__Port"] = Amqp(settings, 1).ToString(),
            ["Bus__ClusterNodes"] = amqpNodes,
            ["Bus__QuorumQueues"] = "true",
            ["Bus__ManagementUrl"] = $"http://127.0.0.1:{settings.ClusterPort(settings.ClusterManagementPorts, settings.ManagementPort, 1, 1)}/",
        }, ReadyWhenCompleted: true);
    }

    static int Amqp(LocalSettings settings, int node) => settings.ClusterPort(settings.ClusterAmqpPorts, settings.AmqpPort, 1, node);

    // Written before any node starts: three nodes starting at once would each make a cookie of their own.
    static void WriteCookie(string home)
    {
        var cookie = Path.Combine(home, ".erlang.cookie");
        if (File.Exists(cookie))
            return;
        File.WriteAllText(cookie, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
    }

    static string JoinScript(LocalSettings settings)
    {
        var first = RabbitMq.NodeName("rabbitmq-1");
        var ctl = Path.Combine(RabbitMq.Bin, "rabbitmqctl");
        var lines = new List<string> { "set -euo pipefail" };
        foreach (var n in new[] { 2, 3 })
        {
            var node = RabbitMq.NodeName($"rabbitmq-{n}");
            var marker = Path.Combine(settings.RunDirectory, "cluster", $"node{n}", "joined");
            lines.Add($"if [ -f '{marker}' ]; then echo 'node {n}: already in the cluster'; else " +
                $"echo 'node {n}: joining {first}'; {ctl} -n {node} -q stop_app && {ctl} -n {node} -q join_cluster {first} && " +
                $"{ctl} -n {node} -q start_app && touch '{marker}'; fi");
        }
        lines.Add($"{ctl} -n {first} -q cluster_status");
        return string.Join("\n", lines);
    }
}
