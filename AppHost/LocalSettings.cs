using Microsoft.Extensions.Configuration;

namespace Queues.AppHost;

/// <summary>
/// The "Queues" section: what the local distributed mode starts and on which loopback ports. The defaults are
/// scripts/local.env's, so the Api is where it always was (http://127.0.0.1:5000). Set with arguments
/// (<c>dotnet run --project AppHost -- --Queues:Workers=4</c>), environment (<c>Queues__Workers=4</c>) or user secrets.
/// </summary>
public sealed class LocalSettings
{
    public int Workers { get; set; } = 2;

    /// <summary>
    /// Workers 1 to this exist as resources; those above <see cref="Workers"/> wait, not started, until the dashboard's Start,
    /// <c>scripts/lab.sh workers N</c> or the lab's Add worker starts them. At least <see cref="Workers"/>.
    /// </summary>
    public int MaxWorkers { get; set; } = 6;

    /// <summary>Lab mode: the Api is the lab's controller (docs/decisions/0011), acting through <see cref="ControlPort"/>.</summary>
    public bool Lab { get; set; }

    /// <summary>The app host's own loopback endpoint for the lab and scripts/lab.sh: resources, their commands, scaling.</summary>
    public int ControlPort { get; set; } = 18895;

    /// <summary>Api replicas; more than one runs them on PostgreSQL behind nginx on <see cref="ApiPort"/>.</summary>
    public int ApiReplicas { get; set; } = 1;

    /// <summary>A 3-node RabbitMQ cluster with quorum queues instead of the single node.</summary>
    public bool Cluster { get; set; }

    /// <summary>ApiKey (one operator key) or None (open, as standalone).</summary>
    public string AuthMode { get; set; } = "ApiKey";

    public bool Prometheus { get; set; }

    /// <summary>
    /// False: the servers only (the broker, the S3 server, and PostgreSQL, nginx, Prometheus when asked for), for a test
    /// that runs hosts of its own on them (Tests/Queues.EndToEnd.Tests).
    /// </summary>
    public bool Hosts { get; set; } = true;

    /// <summary>Without our hosts: the broker, and the S3 server (a test that needs PostgreSQL alone turns both off).</summary>
    public bool Broker { get; set; } = true;
    public bool Storage { get; set; } = true;

    /// <summary>A PostgreSQL server even with one Api (the servers-only mode's tests run replicas of their own).</summary>
    public bool Postgres { get; set; }

    /// <summary>nginx's upstreams ("p1,p2") without our hosts; empty: the replicas' ports.</summary>
    public string ApiUpstreams { get; set; } = "";

    /// <summary>Prometheus's worker targets ("host:port,…") without our hosts; empty: the running workers'.</summary>
    public string PrometheusWorkerTargets { get; set; } = "";

    public string PrometheusScrapeInterval { get; set; } = "5s";

    /// <summary>The Aspire dashboard; the tests turn it off.</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>State, logs and the operator key; empty: &lt;repo&gt;/.run/apphost.</summary>
    public string RunDirectory { get; set; } = "";

    /// <summary>s3rver's script; empty: &lt;repo&gt;/.tools/s3rver/… as scripts/install-test-deps.sh installs it.</summary>
    public string S3rverPath { get; set; } = "";

    public string RetentionMaxAge { get; set; } = "7.00:00:00";

    public int AmqpPort { get; set; } = 5672;
    public int ManagementPort { get; set; } = 15672;
    public int DistributionPort { get; set; } = 25672;

    /// <summary>The node's (or cluster's) own port mapper; 0: the distribution port + 1.</summary>
    public int EpmdPort { get; set; }

    public int S3Port { get; set; } = 9000;
    public int ApiPort { get; set; } = 5000;
    public int NotifierPort { get; set; } = 5002;

    /// <summary>Worker i listens on this + i.</summary>
    public int WorkerBasePort { get; set; } = 5100;

    /// <summary>Api replica i listens on this + i, behind nginx on <see cref="ApiPort"/>.</summary>
    public int ReplicaBasePort { get; set; } = 5010;

    public int PostgresPort { get; set; } = 5433;
    public int PrometheusPort { get; set; } = 9091;

    /// <summary>A cluster's ports, one per node ("p1,p2,p3"); empty: the single node's port + 0, 1, 2 (distribution: + 0, 10, 20).</summary>
    public string ClusterAmqpPorts { get; set; } = "";
    public string ClusterManagementPorts { get; set; } = "";
    public string ClusterDistributionPorts { get; set; } = "";

    public int ClusterPort(string list, int basePort, int step, int node) =>
        string.IsNullOrWhiteSpace(list) ? basePort + step * (node - 1) : int.Parse(list.Split(',')[node - 1].Trim());

    public int EffectiveEpmdPort => EpmdPort > 0 ? EpmdPort : DistributionPort + 1;
    public bool ApiKeys => string.Equals(AuthMode, "ApiKey", StringComparison.OrdinalIgnoreCase);

    public static LocalSettings From(IConfiguration configuration, string repoRoot)
    {
        var settings = configuration.GetSection("Queues").Get<LocalSettings>() ?? new LocalSettings();
        if (settings.Workers < 0 || settings.ApiReplicas < 1)
            throw new InvalidOperationException("Queues:Workers must be 0 or more and Queues:ApiReplicas 1 or more.");
        settings.MaxWorkers = Math.Max(settings.MaxWorkers, settings.Workers);
        settings.RunDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(settings.RunDirectory)
            ? Path.Combine(repoRoot, ".run", "apphost") : settings.RunDirectory);
        if (string.IsNullOrWhiteSpace(settings.S3rverPath))
            settings.S3rverPath = Path.Combine(repoRoot, ".tools", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");
        return settings;
    }
}
