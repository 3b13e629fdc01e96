using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Queues.Monitoring.Sources;

namespace Queues.Monitoring.Tests;

/// <summary>deploy/: the Prometheus config validates, and the Grafana dashboard queries metrics the services really export.</summary>
public sealed partial class DeployConfigTests
{
    static readonly string Root = Repo.Root;

    [Fact]
    public async Task Promtool_accepts_the_prometheus_config()
    {
        var promtool = new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists);
        promtool.ShouldNotBeNull("promtool is missing: scripts/install-test-deps.sh installs it (Debian package prometheus)");
        // Syntax only: the Api key file it names exists in the compose volume, not on this machine.
        var (exit, output) = await RunAsync(promtool, "check", "config", "--syntax-only", "deploy/prometheus/prometheus.yml");
        exit.ShouldBe(0, output);
        output.ShouldContain("SUCCESS");
    }

    [Fact]
    public async Task The_observability_compose_profile_adds_prometheus_and_grafana_with_the_deploy_files()
    {
        var (exit, config) = await RunAsync("docker-compose", "--profile", "observability", "-f", "docker-compose.yml", "config");
        exit.ShouldBe(0, config);
        config.ShouldContain("image: prom/prometheus:");
        config.ShouldContain("image: grafana/grafana:");
        config.ShouldContain(Path.Combine(Root, "deploy/prometheus/prometheus.yml") + ":/etc/prometheus/prometheus.yml:ro");
        config.ShouldContain(Path.Combine(Root, "deploy/grafana/provisioning") + ":/etc/grafana/provisioning:ro");
        config.ShouldContain(Path.Combine(Root, "deploy/grafana/dashboards") + ":/var/lib/grafana/dashboards:ro");
        // The everyday stack stays light: both sit behind the profile.
        // (docker-compose 1.x lists every service with --services, profiles or not: count the profile's members instead.)
        config.Split("- observability").Length.ShouldBe(3, "prometheus and grafana, and no other service, in the observability profile");
    }

    [Fact]
    public void The_dashboard_uses_the_provisioned_datasource_and_only_metrics_the_services_export()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "deploy/grafana/dashboards/queues.json")));
        var datasource = File.ReadAllText(Path.Combine(Root, "deploy/grafana/provisioning/datasources/prometheus.yml"));
        datasource.ShouldContain("uid: prometheus");
        datasource.ShouldContain("url: http://prometheus:9090");

        // Every metric name the services really exported during the capture (Fixtures/capture.sh).
        var exported = new[] { "api-metrics-drained.txt", "notifier-metrics.txt", "worker-metrics.txt" }
            .SelectMany(f => PrometheusText.Parse(Fixture.Read(f))).Select(s => s.Name).ToHashSet();

        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        panels.Select(p => p.GetProperty("title").GetString()).ShouldContain("Throughput");
        foreach (var panel in panels)
        {
            panel.GetProperty("datasource").GetProperty("uid").GetString().ShouldBe("prometheus");
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                var expr = target.GetProperty("expr").GetString()!;
                foreach (var name in MetricName().Matches(expr).Select(m => m.Value))
                    exported.ShouldContain(name, $"panel '{panel.GetProperty("title")}' queries {name}");
            }
        }
    }

    static async Task<(int Exit, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    [GeneratedRegex(@"\bqueues_[a-z_]+\b")]
    private static partial Regex MetricName();
}
