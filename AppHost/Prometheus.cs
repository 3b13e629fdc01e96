namespace Queues.AppHost;

/// <summary>Debian's Prometheus scraping every host's /metrics, from deploy/prometheus/prometheus.local.yml.</summary>
static class Prometheus
{
    public static IResourceBuilder<ExecutableResource> AddPrometheus(this IDistributedApplicationBuilder builder, LocalSettings settings,
        string repoRoot)
    {
        var dir = Path.Combine(settings.RunDirectory, "prometheus");
        Directory.CreateDirectory(dir);
        var authorization = settings.ApiKeys ? $"authorization: {{ credentials_file: {Path.Combine(settings.RunDirectory, "operator.key")} }}" : "";
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), File.ReadAllText(Path.Combine(repoRoot, "deploy", "prometheus", "prometheus.local.yml"))
            .Replace("@API_TARGET@", $"127.0.0.1:{settings.ApiPort}")
            .Replace("@NOTIFIER_TARGET@", $"127.0.0.1:{settings.NotifierPort}")
            .Replace("@SCRAPE_INTERVAL@", settings.PrometheusScrapeInterval)
            .Replace("@DIR@", dir)
            .Replace("@API_AUTHORIZATION@", authorization));
        WriteWorkerTargets(settings, settings.PrometheusWorkerTargets.Length > 0 ? settings.PrometheusWorkerTargets.Split(',')
            : Enumerable.Range(1, settings.Workers).Select(i => $"127.0.0.1:{settings.WorkerBasePort + i}"));

        return builder.AddExecutable("prometheus", "prometheus", dir, $"--config.file={Path.Combine(dir, "prometheus.yml")}",
                $"--storage.tsdb.path={Path.Combine(dir, "data")}", "--storage.tsdb.retention.time=2d",
                $"--web.listen-address=127.0.0.1:{settings.PrometheusPort}")
            .WithHttpEndpoint(port: settings.PrometheusPort, name: "http", isProxied: false)
            .WithHttpHealthCheck("/-/ready", endpointName: "http");
    }

    /// <summary>The workers Prometheus scrapes (a file it rereads): those that run, as the app host starts and stops them.</summary>
    public static void WriteWorkerTargets(LocalSettings settings, IEnumerable<string> targets)
    {
        var file = Path.Combine(settings.RunDirectory, "prometheus", "workers.json");
        var list = string.Join(",", targets.Select(t => $"\"{t}\""));
        File.WriteAllText(file + ".new", $"[{{\"targets\": [{list}]}}]\n");
        File.Move(file + ".new", file, overwrite: true);
    }
}
