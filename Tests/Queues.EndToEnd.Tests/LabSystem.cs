using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Queues.EndToEnd.Tests;

/// <summary>GET /lab/floods/{id}, as the lab tests read it.</summary>
public sealed record LabFlood(string Id, int Count, List<Guid> Accepted, int Refused, string? LastRefusal, bool Done);

/// <summary>
/// The lab as an instructor starts it: <c>QUEUES_LAB=1 scripts/run-local.sh 2</c> (open, as the guide runs it), in a run
/// folder and on ports of its own, so the Api is the lab's controller over real worker processes, a RabbitMQ node and an S3 server.
/// </summary>
public class LabSystem : IAsyncLifetime
{
    readonly string run = Directory.CreateTempSubdirectory("queues-lab-controller-").FullName;
    readonly Dictionary<string, string> environment;
    readonly string[] arguments;
    readonly string log;
    public HttpClient Api { get; }

    public LabSystem() : this("lab", ["2"]) { }

    /// <param name="name">The log's name in .artifacts/e2e-logs.</param>
    /// <param name="arguments">run-local.sh's, e.g. 2 --cluster.</param>
    protected LabSystem(string name, string[] arguments)
    {
        this.arguments = arguments;
        environment = RunLocal.PrivateEnvironment(run);
        environment["QUEUES_LAB"] = "1";
        environment["Auth__Mode"] = "None";
        log = Path.Combine(DistributedSystem.RepoRoot, ".artifacts", "e2e-logs", $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.log");
        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{environment["API_PORT"]}/"), Timeout = TimeSpan.FromMinutes(3) };
    }

    public async Task InitializeAsync()
    {
        try
        {
            await Script.RunAsync("run-local.sh", environment, log, TimeSpan.FromMinutes(6), arguments);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>POST /lab/flood: N uploads at a rate, sent in the background; the flood as it starts.</summary>
    public async Task<LabFlood> StartFloodAsync(int count, int rate)
    {
        using var response = await Api.PostAsync($"lab/flood?count={count}&rate={rate}", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<LabFlood>())!;
    }

    /// <summary>Once <paramref name="count"/> of the flood's uploads are accepted (it goes on sending).</summary>
    public Task SomeAcceptedAsync(LabFlood flood, int count) =>
        Eventually.Until(async () => (await Api.GetFromJsonAsync<LabFlood>($"lab/floods/{flood.Id}"))!.Accepted.Count >= count,
            $"{count} of the flood's uploads accepted", TimeSpan.FromSeconds(60));

    /// <summary>A lab action that must answer 200: what it did, as <typeparamref name="T"/>.</summary>
    public async Task<T> ActAsync<T>(HttpMethod method, string path)
    {
        using var response = await Api.SendAsync(new HttpRequestMessage(method, path));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{method} {path}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    /// <summary>GET /lab/markers: the labels of the actions marked on the charts, oldest first.</summary>
    public async Task<List<string>> MarkerLabelsAsync() =>
        (await Api.GetFromJsonAsync<List<JsonElement>>("lab/markers"))!.Select(m => m.GetProperty("label").GetString()!).ToList();

    /// <summary>Once the flood has sent every upload: its accepted ids, all of them.</summary>
    public async Task<List<Guid>> FloodAcceptedAsync(string id, int count)
    {
        var done = await Eventually.Until(() => Api.GetFromJsonAsync<LabFlood>($"lab/floods/{id}")!, f => f!.Done,
            $"{id} to send its {count} uploads", TimeSpan.FromSeconds(120));
        done!.Refused.ShouldBe(0, done.LastRefusal);
        done.Accepted.Count.ShouldBe(count);
        return done.Accepted;
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Script.RunAsync("run-local.sh", environment, log, TimeSpan.FromMinutes(4), "stop");
        // The processes' logs, kept for a failed run's reader.
        foreach (var file in Directory.GetFiles(Path.Combine(run, "logs")))
            File.Copy(file, Path.Combine(Path.GetDirectoryName(log)!, $"{Path.GetFileNameWithoutExtension(log)}-{Path.GetFileName(file)}"), overwrite: true);
        try { Directory.Delete(run, recursive: true); } catch (IOException) { }
        // run-local.sh stop waits for the hosts to exit (SIGKILL past 75 s): nothing it started still serves.
        foreach (var port in new[] { "API_PORT", "NOTIFIER_PORT" }.Select(name => int.Parse(environment[name])))
            FreePorts.Accepts(port).ShouldBeFalse($"something still listens on 127.0.0.1:{port} after run-local.sh stop");
    }
}

[CollectionDefinition(Name)]
public sealed class LabCollection : ICollectionFixture<LabSystem>
{
    public const string Name = "lab";
}

/// <summary>The lab on a 3-node RabbitMQ cluster with quorum queues: <c>QUEUES_LAB=1 scripts/run-local.sh 2 --cluster</c>.</summary>
public sealed class LabClusterSystem() : LabSystem("lab-cluster", ["2", "--cluster"]);

[CollectionDefinition(Name)]
public sealed class LabClusterCollection : ICollectionFixture<LabClusterSystem>
{
    public const string Name = "lab-cluster";
}
