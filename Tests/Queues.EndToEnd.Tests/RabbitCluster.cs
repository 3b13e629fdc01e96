using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// A 3-node RabbitMQ cluster on loopback, on free ports of its own, as the app host makes it (<c>scripts/run-local.sh
/// --cluster</c>). A system that needs a broker that can lose a node attaches it to its servers (<see cref="Attach"/>);
/// alone, <see cref="StartAsync"/> starts the app host's servers with it. It gives the node list for Bus__ClusterNodes,
/// asks a live node's management API which node leads a queue, and stops, kills or starts one node (scripts/lab.sh).
/// </summary>
public sealed class RabbitCluster : IAsyncDisposable
{
    public const int Size = 3;

    readonly HttpClient management = new() { Timeout = TimeSpan.FromSeconds(5) };
    readonly bool[] down = new bool[Size];
    Dictionary<string, string>? servers;
    bool ownServers;

    public int[] AmqpPorts { get; } = Ports();
    public int[] ManagementPorts { get; } = Ports();
    public int[] DistributionPorts { get; } = Ports();
    public int EpmdPort { get; } = FreePorts.Next();
    public string Folder { get; } = Directory.CreateTempSubdirectory("queues-cluster-").FullName;

    /// <summary>"127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3", the value for Bus__ClusterNodes.</summary>
    public string Nodes => string.Join(',', AmqpPorts.Select(p => $"127.0.0.1:{p}"));

    public Uri ManagementUrl(int node) => new($"http://127.0.0.1:{ManagementPorts[node - 1]}/");

    /// <summary>Where cluster.log (every script call and its output) goes.</summary>
    public string LogDirectory { get; private set; } = Path.Combine(DistributedSystem.RepoRoot, ".artifacts", "e2e-logs");

    public RabbitCluster() =>
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest")));

    /// <summary>Puts this cluster's ports into a system's run-local.sh environment (started with --cluster); node commands go to its app host.</summary>
    public void Attach(Dictionary<string, string> environment, string logDirectory)
    {
        environment["CLUSTER_AMQP_PORTS"] = string.Join(',', AmqpPorts);
        environment["CLUSTER_MANAGEMENT_PORTS"] = string.Join(',', ManagementPorts);
        environment["CLUSTER_DIST_PORTS"] = string.Join(',', DistributionPorts);
        environment["CLUSTER_EPMD_PORT"] = $"{EpmdPort}";
        servers = environment;
        LogDirectory = logDirectory;
    }

    /// <summary>The settings that put a service on this cluster (quorum queues, the node list, a management URL).</summary>
    public Dictionary<string, string> BusSettings() => new()
    {
        ["Bus__QuorumQueues"] = "true",
        ["Bus__ClusterNodes"] = Nodes,
        ["Bus__ManagementUrl"] = ManagementUrl(1).ToString(),
    };

    Task<string> ScriptAsync(string script, params string[] args) =>
        Script.RunAsync(script, servers ?? throw new InvalidOperationException("not attached to a system, nor started"),
            Path.Combine(LogDirectory, "cluster.log"), TimeSpan.FromMinutes(5), args);

    /// <summary>The cluster alone, under an app host of its own (servers only; its S3 server unused).</summary>
    public async Task StartAsync()
    {
        Directory.CreateDirectory(LogDirectory);
        Attach(RunLocal.PrivateEnvironment(Folder), LogDirectory);
        ownServers = true;
        await ScriptAsync("run-local.sh", "--servers-only", "--cluster");
    }

    public Task StopAsync() => ScriptAsync("run-local.sh", "stop");

    /// <summary>A graceful stop of the node's VM; returns once it has exited.</summary>
    public async Task StopNodeAsync(int node)
    {
        down[node - 1] = true;
        await ScriptAsync("lab.sh", "broker", "stop", $"{node}");
    }

    /// <summary>SIGKILL on the node's Erlang VM: a crash, no graceful hand-over; returns once the process is gone.</summary>
    public async Task KillNodeAsync(int node)
    {
        down[node - 1] = true;
        await ScriptAsync("lab.sh", "kill", $"rabbitmq-{node}");
    }

    /// <summary>Starts the node again; returns once it accepts connections.</summary>
    public async Task StartNodeAsync(int node)
    {
        await ScriptAsync("lab.sh", "broker", "start", $"{node}");
        down[node - 1] = false;
    }

    /// <summary>A policy on the default virtual host, through the management API (PUT /api/policies).</summary>
    public async Task SetPolicyAsync(string name, string pattern, string definitionJson)
    {
        var body = $$"""{"pattern":{{JsonSerializer.Serialize(pattern)}},"apply-to":"queues","definition":{{definitionJson}}}""";
        using var response = await management.PutAsync(new Uri(ManagementUrl(LiveNode()), $"api/policies/%2F/{name}"),
            new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearPolicyAsync(string name)
    {
        using var response = await management.DeleteAsync(new Uri(ManagementUrl(LiveNode()), $"api/policies/%2F/{name}"));
        response.EnsureSuccessStatusCode();
    }

    int LiveNode()
    {
        var node = Array.IndexOf(down, false) + 1;
        return node == 0 ? throw new InvalidOperationException("every node is stopped") : node;
    }

    /// <summary>GET on the management API of the first node not stopped through this class.</summary>
    public async Task<JsonElement> GetAsync(string path) =>
        JsonSerializer.Deserialize<JsonElement>(await management.GetStringAsync(new Uri(ManagementUrl(LiveNode()), path)));

    /// <summary>The number (1-3) of the node whose Raft leader serves the quorum queue, e.g. 2 for queues-rabbitmq-2@localhost.</summary>
    public async Task<int> LeaderOfAsync(string queue)
    {
        var leader = (await GetAsync($"api/queues/%2F/{Uri.EscapeDataString(queue)}")).GetProperty("leader").GetString() ?? "";
        return int.Parse(leader["queues-rabbitmq-".Length..leader.IndexOf('@')]);
    }

    /// <summary>Every queue of the default virtual host with its type (quorum, classic).</summary>
    public async Task<Dictionary<string, string>> QueueTypesAsync() =>
        (await GetAsync("api/queues/%2F?columns=name,type")).EnumerateArray()
            .ToDictionary(q => q.GetProperty("name").GetString()!, q => q.GetProperty("type").GetString()!);

    /// <summary>Stops the app host it started alone (an attached one is its system's to stop); the folder goes.</summary>
    public async ValueTask DisposeAsync()
    {
        management.Dispose();
        try { if (ownServers) await StopAsync(); }
        finally
        {
            KeepNodeLogs();
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Each node's own log (the app host's copy of its console) beside cluster.log: what a failed failover leaves to read.</summary>
    void KeepNodeLogs()
    {
        if (!ownServers) return;
        for (var node = 1; node <= Size; node++)
        {
            var log = Path.Combine(Folder, "logs", $"rabbitmq-{node}.log");
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
