using System.Diagnostics;
using System.Text.RegularExpressions;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit.Abstractions;

namespace Queues.EndToEnd.Tests;

/// <summary>The app host's cluster on its own (run-local.sh --servers-only --cluster): three joined nodes, loopback only, and nothing left behind by stop.</summary>
public sealed partial class ClusterServersTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_joins_three_nodes_listening_on_loopback_only_and_stop_leaves_no_process_or_port()
    {
        await using var cluster = new RabbitCluster();
        await cluster.StartAsync();

        var nodes = (await cluster.GetAsync("api/nodes")).EnumerateArray()
            .Where(n => n.GetProperty("running").GetBoolean()).Select(n => n.GetProperty("name").GetString()).Order().ToList();
        nodes.ShouldBe(["queues-rabbitmq-1@localhost", "queues-rabbitmq-2@localhost", "queues-rabbitmq-3@localhost"]);

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

    /// <summary>
    /// The RabbitMQ 3.10 behaviour the Api's OutboxChannel works around, on the broker alone. The node leading a quorum
    /// queue is killed while channels on another node are opened one after another, each publishing every 250 ms: a
    /// channel whose first publish came before the new leader was elected has every publish rejected for as long as the
    /// dead node stays down, while a channel opened after the election, at the same moment, has each one confirmed. If
    /// an upgrade of RabbitMQ makes the first half fail, the workaround may have become unnecessary.
    /// </summary>
    [Fact]
    public async Task A_channel_that_first_publishes_to_a_quorum_queue_while_its_leader_is_being_replaced_stays_rejected_and_a_new_one_does_not()
    {
        const string queue = "leader-loss-probe";
        await using var cluster = new RabbitCluster();
        await cluster.StartAsync();
        // Declared through node 1, so node 1 leads it (the default leader locator is the declaring client's node).
        await using (var first = await ConnectAsync(cluster, 1))
        await using (var declare = await first.CreateChannelAsync())
            await declare.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        (await cluster.LeaderOfAsync(queue)).ShouldBe(1);
        await using var second = await ConnectAsync(cluster, 2);

        var clock = Stopwatch.StartNew();
        var kill = cluster.KillNodeAsync(1);
        var probes = new List<(TimeSpan Opened, IChannel Channel, Task<bool[]> Outcomes)>();
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            var channel = await second.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            probes.Add((clock.Elapsed, channel, PublishEveryQuarterSecondAsync(channel, queue, count: 20)));
            await Task.Delay(10);
        }
        await kill;
        var outcomes = await Task.WhenAll(probes.Select(p => p.Outcomes));

        var lines = string.Join("\n", probes.Zip(outcomes, (p, o) => $"opened {p.Opened.TotalMilliseconds:0} ms: {string.Concat(o.Select(ok => ok ? '+' : '-'))}"));
        output.WriteLine(lines);
        var stuck = probes.Where((_, i) => outcomes[i].All(ok => !ok)).ToList();
        stuck.ShouldNotBeEmpty($"a channel opened in the instant after the kill has all 20 publishes (5 s) rejected; per channel:\n{lines}");
        outcomes[^1].ShouldAllBe(ok => ok, $"the channel opened last, 2 s after the kill, has each publish confirmed; per channel:\n{lines}");

        // The same moment, node 1 still down: the stuck channel is still rejected, a channel opened now is confirmed.
        (await PublishAsync(stuck[0].Channel, queue)).ShouldBeFalse("the stuck channel, 5 s on");
        await using var fresh = await second.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        (await PublishAsync(fresh, queue)).ShouldBeTrue("a new channel on the same connection");
        foreach (var probe in probes) await probe.Channel.DisposeAsync();
    }

    static Task<IConnection> ConnectAsync(RabbitCluster cluster, int node) =>
        new ConnectionFactory { HostName = "127.0.0.1", Port = cluster.AmqpPorts[node - 1] }.CreateConnectionAsync();

    static async Task<bool[]> PublishEveryQuarterSecondAsync(IChannel channel, string queue, int count)
    {
        var outcomes = new bool[count];
        for (var i = 0; i < count; i++)
        {
            outcomes[i] = await PublishAsync(channel, queue);
            await Task.Delay(250);
        }
        return outcomes;
    }

    /// <summary>True when the broker confirms the publish, false when it rejects it (a nack).</summary>
    static async Task<bool> PublishAsync(IChannel channel, string queue)
    {
        try
        {
            await channel.BasicPublishAsync("", queue, mandatory: true, new BasicProperties { Persistent = true }, "probe"u8.ToArray());
            return true;
        }
        catch (PublishException e) when (!e.IsReturn)
        {
            return false;
        }
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
