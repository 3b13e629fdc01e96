using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Queues.EndToEnd.Tests;

/// <summary>scripts/cluster.sh on its own: three joined nodes, loopback only, and nothing left behind by stop.</summary>
public sealed partial class ClusterScriptTests
{
    [Fact]
    public async Task Start_joins_three_nodes_listening_on_loopback_only_and_stop_leaves_no_process_or_port()
    {
        await using var cluster = new RabbitCluster();
        await cluster.StartAsync();

        var nodes = (await cluster.GetAsync("api/nodes")).EnumerateArray()
            .Where(n => n.GetProperty("running").GetBoolean()).Select(n => n.GetProperty("name").GetString()).Order().ToList();
        nodes.ShouldBe(["queues-c1@localhost", "queues-c2@localhost", "queues-c3@localhost"]);

        var pids = ClusterProcesses(cluster);
        pids.Count.ShouldBe(RabbitCluster.Size, "one Erlang VM per node");
        var listening = await ListenersAsync();
        var ours = listening.Where(l => pids.Contains(l.Pid) || l.Port == cluster.EpmdPort).ToList();
        var expected = cluster.AmqpPorts.Concat(cluster.ManagementPorts).Concat(cluster.DistributionPorts).Append(cluster.EpmdPort).ToList();
        expected.Except(ours.Select(l => l.Port)).ShouldBeEmpty("every node's AMQP, management and distribution port, and epmd, listen");
        ours.ShouldAllBe(l => l.Address == "127.0.0.1" || l.Address == "[::1]", string.Join("; ", ours));

        await cluster.StopAsync();

        ClusterProcesses(cluster).ShouldBeEmpty("no Erlang VM of the cluster survives stop");
        (await ListenersAsync()).Where(l => expected.Contains(l.Port)).ShouldBeEmpty("no port of the cluster (epmd included) is still open");
    }

    /// <summary>The Erlang VMs whose command line names this cluster's folder (their mnesia directories live there).</summary>
    static List<int> ClusterProcesses(RabbitCluster cluster) =>
        Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0).Where(pid => pid > 0)
            .Where(pid =>
            {
                try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ') is var line && line.Contains("beam") && line.Contains(cluster.Folder); }
                catch (IOException) { return false; }
                catch (UnauthorizedAccessException) { return false; }
            }).ToList();

    sealed record Listener(string Address, int Port, int Pid);

    /// <summary>Every listening TCP socket (ss -ltnpH): address, port and the owning process where ours.</summary>
    static async Task<List<Listener>> ListenersAsync()
    {
        using var ss = Process.Start(new ProcessStartInfo("ss", ["-ltnpH"]) { RedirectStandardOutput = true })!;
        var text = await ss.StandardOutput.ReadToEndAsync();
        await ss.WaitForExitAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => SsLine().Match(line)).Where(m => m.Success)
            .Select(m => new Listener(m.Groups["addr"].Value, int.Parse(m.Groups["port"].Value), m.Groups["pid"].Success ? int.Parse(m.Groups["pid"].Value) : 0))
            .ToList();
    }

    [GeneratedRegex(@"^\S+\s+\d+\s+\d+\s+(?<addr>\S+):(?<port>\d+)\s+\S+(?:.*?pid=(?<pid>\d+))?")]
    private static partial Regex SsLine();
}
