// The local distributed mode as Aspire resources, without Docker: the broker, the S3 server (and PostgreSQL + nginx
// for several Api replicas), then the Api, N workers and the Notifier, each waiting for what it needs to answer.
// Settings: the "Queues" section (LocalSettings); e.g. dotnet run --project AppHost -- --Queues:Workers=4
using Microsoft.Extensions.DependencyInjection;
using Queues.AppHost;

var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = args,
    DisableDashboard = args.Contains("--Queues:Dashboard=false", StringComparer.OrdinalIgnoreCase),
});
var repoRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
var settings = LocalSettings.From(builder.Configuration, repoRoot);
Directory.CreateDirectory(settings.RunDirectory);
var startSettings = new StartSettings();
builder.Services.AddSingleton(settings).AddSingleton(startSettings).AddSingleton<RunFiles>()
    .AddHostedService(services => services.GetRequiredService<RunFiles>()).AddHostedService<ControlEndpoint>();
var controlToken = ControlEndpoint.Token(settings);

var install = builder.AddInstallWhenMissing(settings, repoRoot);
if (!settings.Hosts)
{
    // The servers only, for tests that run hosts of their own on them.
    if (settings.Broker)
        builder.AddBroker(settings, install);
    if (settings.Storage)
        builder.AddS3rver(settings).AfterInstall(install);
    if (settings.Postgres || settings.ApiReplicas > 1)
        builder.AddPostgres(settings, install);
    if (settings.ApiUpstreams.Length > 0)
        builder.AddNginx(settings, repoRoot, settings.ApiUpstreams.Split(',').Select(int.Parse), checkThrough: false).AfterInstall(install);
    if (settings.Prometheus)
        builder.AddPrometheus(settings, repoRoot).AfterInstall(install);
    Console.WriteLine($"Servers only (Queues:Hosts=false), run folder {settings.RunDirectory}");
    builder.Build().Run();
    return;
}

var broker = builder.AddBroker(settings, install);
var s3 = builder.AddS3rver(settings).AfterInstall(install);
var dashboard = (builder.Configuration["ASPNETCORE_URLS"] ?? "http://127.0.0.1:18888").Split(';')[0].TrimEnd('/');

// Shown in the dashboard's parameters (a secret: revealed on request) and printed below.
var key = settings.ApiKeys ? OperatorKey.Get(builder, settings) : null;
var operatorKey = key is null ? null : builder.AddParameter("operator-key", key, secret: true);
var api = builder.AddApi(settings, repoRoot, install: install, dependencies: host =>
{
    broker.UsedBy(host).WithObjectStore(s3, settings)
        .WithEnvironment("Retention__MaxAge", settings.RetentionMaxAge)
        .WithEnvironment("Auth__Mode", settings.ApiKeys ? "ApiKey" : "None")
        // A job's page links its trace here: the Aspire dashboard's own trace view.
        .WithEnvironment("Dashboard__TraceViewerUrl", $"{dashboard}/traces/detail/{{traceId}}");
    if (operatorKey is not null)
        host.WithEnvironment("Auth__Keys__0__Key", operatorKey)
            .WithEnvironment("Auth__Keys__0__Tenant", "ops")
            .WithEnvironment("Auth__Keys__0__Role", "Operator");
    // Lab mode: the Api (the first replica) is the lab's controller, and acts through the control endpoint.
    if (settings.Lab && host.Resource.Name is "api" or "api-1")
        host.WithEnvironment("Lab__Enabled", "true")
            .WithEnvironment("Lab__ControlUrl", "http://127.0.0.1:" + settings.ControlPort + "/")
            .WithEnvironment("Lab__ControlToken", controlToken);
    return startSettings.AppliedTo(host);
});

// After the Api (which waited for the broker and the storage): a worker then hears at once whether processing is paused
// (the Api announces it), and the Api starts first on the shared cores. A worker waits for nothing else, so that the lab
// can start one while the broker or the storage is down. Those above Queues:Workers wait for a Start.
for (var i = 1; i <= settings.MaxWorkers; i++)
{
    var worker = startSettings.AppliedTo(broker.UsedBy(builder.AddHost<Projects.Worker>($"worker-{i}", settings.WorkerBasePort + i), wait: false)
        .WithKillCommand(settings.WorkerBasePort + i)
        .WithObjectStore(s3, settings, wait: false)
        .WithEnvironment("Worker__Id", "worker-" + i)
        .WaitFor(api));
    if (i > settings.Workers)
        worker.WithExplicitStart();
}

startSettings.AppliedTo(broker.UsedBy(builder.AddHost<Projects.Notifier>("notifier", settings.NotifierPort), wait: false)
    .WithKillCommand(settings.NotifierPort).WaitFor(api));

if (settings.Prometheus)
    builder.AddPrometheus(settings, repoRoot).AfterInstall(install).WaitFor(api);

Console.WriteLine(key is null ? "Auth: open (Queues:AuthMode=None): no key needed"
    : $"Auth: ApiKey mode. Operator key (also in {Path.Combine(settings.RunDirectory, "operator.key")}): {key}");
Console.WriteLine($"Api: http://127.0.0.1:{settings.ApiPort}   (workers {settings.Workers} of {settings.MaxWorkers}, Api replicas " +
    $"{settings.ApiReplicas}, cluster {settings.Cluster}, lab {settings.Lab}, run folder {settings.RunDirectory})");

builder.Build().Run();
