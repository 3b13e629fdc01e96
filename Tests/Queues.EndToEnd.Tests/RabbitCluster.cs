using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// A 3-node RabbitMQ cluster on loopback (scripts/cluster.sh) on free ports of its own, its state in a temporary
/// folder. Reusable by any system that needs a broker that can lose a node: it gives the node list for
/// Bus__ClusterNodes, asks a live node's management API which node leads a queue, and stops or starts one node.
/// </summary>
public sealed class RabbitCluster : IAsyncDisposable
{
    public const int Size = 3;

    readonly Dictionary<string, string> environment;
    readonly HttpClient management = new() { Timeout = TimeSpan.FromSeconds(5) };
    readonly bool[] down = new bool[Size];

    public int[] AmqpPorts { get; } = Ports();
    public int[] ManagementPorts { get; } = Ports();
    public int[] DistributionPorts { get; } = Ports();
    public int EpmdPort { get; } = FreePorts.Next();
    public string Folder { get; } = Directory.CreateTempSubdirectory("queues-cluster-").FullName;

    /// <summary>"127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3", the value for Bus__ClusterNodes.</summary>
    public string Nodes => string.Join(',', AmqpPorts.Select(p => $"127.0.0.1:{p}"));

    public Uri ManagementUrl(int node) => new($"http://127.0.0.1:{ManagementPorts[node - 1]}/");

    /// <summary>Where cluster.log (every script call and its output) goes.</summary>
    public string LogDirectory { get; set; } = Path.Combine(DistributedSystem.RepoRoot, ".artifacts", "e2e-logs");

    public RabbitCluster()
    {
        environment = new()
        {
            ["QUEUES_CLUSTER_DIR"] = Folder,
            ["CLUSTER_AMQP_PORTS"] = string.Join(',', AmqpPorts),
            ["CLUSTER_MANAGEMENT_PORTS"] = string.Join(',', ManagementPorts),
            ["CLUSTER_DIST_PORTS"] = string.Join(',', DistributionPorts),
            ["CLUSTER_EPMD_PORT"] = $"{EpmdPort}",
        };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest")));
    }

    /// <summary>The settings that put a service on this cluster (quorum queues, the node list, a management URL).</summary>
    public Dictionary<string, string> BusSettings() => new()
    {
        ["Bus__QuorumQueues"] = "true",
        ["Bus__ClusterNodes"] = Nodes,
        ["Bus__ManagementUrl"] = ManagementUrl(1).ToString(),
    };

    public Task<string> ScriptAsync(params string[] args) => Script.RunAsync("cluster.sh", environment, Path.Combine(LogDirectory, "cluster.log"), TimeSpan.FromMinutes(5), args);

    /// <summary>
    /// Starts the three nodes. A node that does not come up (seen once in CI: "node 1: did not start", its log gone
    /// with the temporary folder) gets one more try after a stop, so that the environment's hiccup does not fail every
    /// test of the collection; a second failure fails them, with both outputs in cluster.log.
    /// </summary>
    public async Task StartAsync()
    {
        try
        {
            await ScriptAsync("start");
        }
        catch (InvalidOperationException first)
        {
            File.AppendAllText(Path.Combine(LogDirectory, "cluster.log"), $"\n# start failed, trying once more: {first.Message}\n");
            await ScriptAsync("stop");
            await ScriptAsync("start");
        }
    }

    public Task StopAsync() => ScriptAsync("stop");

    public async Task StopNodeAsync(int node)
    {
        down[node - 1] = true;
        await ScriptAsync("node-stop", $"{node}");
    }

    /// <summary>SIGKILL on the node's Erlang VM: a crash, no graceful hand-over; returns once the process is gone.</summary>
    public async Task KillNodeAsync(int node)
    {
        down[node - 1] = true;
        await ScriptAsync("node-kill", $"{node}");
    }

    public async Task StartNodeAsync(int node)
    {
        await ScriptAsync("node-start", $"{node}");
        down[node - 1] = false;
    }

    /// <summary>GET on the management API of the first node not stopped through this class.</summary>
    public async Task<JsonElement> GetAsync(string path)
    {
        var node = Array.IndexOf(down, false) + 1;
        if (node == 0) throw new InvalidOperationException("every node is stopped");
        return JsonSerializer.Deserialize<JsonElement>(await management.GetStringAsync(new Uri(ManagementUrl(node), path)));
    }

    /// <summary>The number (1-3) of the node whose Raft leader serves the quorum queue, e.g. 2 for queues-c2@localhost.</summary>
    public async Task<int> LeaderOfAsync(string queue)
    {
        var leader = (await GetAsync($"api/queues/%2F/{Uri.EscapeDataString(queue)}")).GetProperty("leader").GetString() ?? "";
        return int.Parse(leader["queues-c".Length..leader.IndexOf('@')]);
    }

    /// <summary>Every queue of the default virtual host with its type (quorum, classic).</summary>
    public async Task<Dictionary<string, string>> QueueTypesAsync() =>
        (await GetAsync("api/queues/%2F?columns=name,type")).EnumerateArray()
            .ToDictionary(q => q.GetProperty("name").GetString()!, q => q.GetProperty("type").GetString()!);

    public async ValueTask DisposeAsync()
    {
        management.Dispose();
        try { await StopAsync(); }
        finally
        {
            KeepNodeLogs();
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Each node's own log beside cluster.log, before the folder goes: what a failed failover leaves to read.</summary>
    void KeepNodeLogs()
    {
        for (var node = 1; node <= Size; node++)
        {
            var log = Path.Combine(Folder, $"node{node}", "log", $"queues-c{node}@localhost.log");
            try { if (File.Exists(log)) File.Copy(log, Path.Combine(LogDirectory, $"rabbit-node{node}.log"), overwrite: true); }
            catch (IOException) { }
        }
    }

    /// <summary>A quorum queue's leader, members and the members online, from the management API, for a failure message.</summary>
    public async Task<string> QuorumStatusAsync(string queue)
    {
        try
        {
            var q = await GetAsync($"api/queues/%2F/{Uri.EscapeDataString(queue)}");
            string Of(string property) => q.TryGetProperty(property, out var value) ? value.ToString() : "?";
            return $"{queue}: leader {Of("leader")}, members {Of("members")}, online {Of("online")}, messages {Of("messages")}";
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            return $"{queue}: status unavailable ({e.Message})";
        }
    }

    static int[] Ports() => Enumerable.Range(0, Size).Select(_ => FreePorts.Next()).ToArray();
}
