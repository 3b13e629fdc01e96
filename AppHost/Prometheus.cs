namespace Queues.AppHost;

/// <summary>Debian's Prometheus scraping every host's /metrics (scripts/prometheus.sh), from deploy/prometheus/prometheus.local.yml.</summary>
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
            .Replace("@SCRAPE_INTERVAL@", "5s")
            .Replace("@DIR@", dir)
            .Replace("@API_AUTHORIZATION@", authorization));
        var workers = Enumerable.Range(1, settings.Workers).Select(i => $"\"127.0.0.1:{settings.WorkerBasePort + i}\"");
        File.WriteAllText(Path.Combine(dir, "workers.json"), $"[{{\"targets\": [{string.Join(",", workers)}]}}]\n");

        return builder.AddExecutable("prometheus", "prometheus", dir, $"--config.file={Path.Combine(dir, "prometheus.yml")}",
                $"--storage.tsdb.path={Path.Combine(dir, "data")}", "--storage.tsdb.retention.time=2d",
                $"--web.listen-address=127.0.0.1:{settings.PrometheusPort}")
            .WithHttpEndpoint(port: settings.PrometheusPort, name: "http", isProxied: false)
            .WithHttpHealthCheck("/-/ready", endpointName: "http");
    }
}
