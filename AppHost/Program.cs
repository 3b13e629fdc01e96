// The local distributed mode as Aspire resources, without Docker: the broker, the S3 server (and PostgreSQL + nginx
// for several Api replicas), then the Api, N workers and the Notifier, each waiting for what it needs to answer.
// Settings: the "Queues" section (LocalSettings); e.g. dotnet run --project AppHost -- --Queues:Workers=4
using Queues.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var repoRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
var settings = LocalSettings.From(builder.Configuration, repoRoot);
Directory.CreateDirectory(settings.RunDirectory);

var install = builder.AddInstallWhenMissing(settings, repoRoot);
var broker = builder.AddBroker(settings);
broker.Nodes[0].AfterInstall(install);
var s3 = builder.AddS3rver(settings).AfterInstall(install);

var operatorKey = settings.ApiKeys ? builder.AddParameter("operator-key", OperatorKey.Get(builder, settings), secret: true) : null;
var api = builder.AddApi(settings, repoRoot, install: install, dependencies: host =>
{
    broker.UsedBy(host).WithObjectStore(s3, settings)
        .WithEnvironment("Retention__MaxAge", settings.RetentionMaxAge)
        .WithEnvironment("Auth__Mode", settings.ApiKeys ? "ApiKey" : "None");
    if (operatorKey is not null)
        host.WithEnvironment("Auth__Keys__0__Key", operatorKey)
            .WithEnvironment("Auth__Keys__0__Tenant", "ops")
            .WithEnvironment("Auth__Keys__0__Role", "Operator");
    return host;
});

for (var i = 1; i <= settings.Workers; i++)
    broker.UsedBy(builder.AddHost<Projects.Worker>($"worker-{i}", settings.WorkerBasePort + i))
        .WithObjectStore(s3, settings)
        .WithEnvironment("Worker__Id", (string)$"worker-{i}");

broker.UsedBy(builder.AddHost<Projects.Notifier>("notifier", settings.NotifierPort));

if (settings.Prometheus)
    builder.AddPrometheus(settings, repoRoot).AfterInstall(install).WaitFor(api);

if (operatorKey is not null)
    Console.WriteLine($"Auth: ApiKey mode. Operator key (also in {Path.Combine(settings.RunDirectory, "operator.key")}): " +
        $"{File.ReadAllText(Path.Combine(settings.RunDirectory, "operator.key")).Trim()}");
Console.WriteLine($"Api: http://127.0.0.1:{settings.ApiPort}   (workers {settings.Workers}, Api replicas {settings.ApiReplicas}, " +
    $"cluster {settings.Cluster}, run folder {settings.RunDirectory})");

builder.Build().Run();
