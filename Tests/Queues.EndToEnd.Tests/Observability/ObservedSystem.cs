using System.Diagnostics;

namespace Queues.EndToEnd.Tests.Observability;

/// <summary>
/// The distributed system with what watches it: every service logs JSON lines at the levels of its own
/// appsettings.json, exports its traces over OTLP to a receiver in this process, and Debian's Prometheus server,
/// started by scripts/prometheus.sh from deploy/prometheus/prometheus.local.yml, scrapes all of them every second.
/// </summary>
public sealed class ObservedSystem : IAsyncLifetime
{
    sealed class Traced(Uri otlp) : DistributedSystem(new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["Logging__Console__FormatterName"] = "json",
        // The base system quiets everything to Warning; here the default is each appsettings.json's, so that the
        // per-category levels in each service's own file are what keep the noise out.
        ["Logging__LogLevel__Default"] = "Information",
    });

    readonly string prometheusDir = Directory.CreateTempSubdirectory("queues-prometheus-").FullName;
    readonly int prometheusPort = FreePorts.Next();

    public OtlpReceiver Otlp { get; } = new();
    public DistributedSystem System { get; private set; } = null!;
    public HttpClient Prometheus { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Otlp.StartAsync();
        System = new Traced(Otlp.Endpoint);
        await System.InitializeAsync();
        await PrometheusScriptAsync("start");
        Prometheus = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>scripts/prometheus.sh with this system's ports, its data in a temporary folder.</summary>
    async Task PrometheusScriptAsync(string command)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(DistributedSystem.RepoRoot, "scripts", "prometheus.sh"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PROMETHEUS_DIR"] = prometheusDir;
        start.Environment["PROMETHEUS_PORT"] = $"{prometheusPort}";
        start.Environment["PROMETHEUS_SCRAPE_INTERVAL"] = "1s";
        start.Environment["API_PORT"] = $"{System.Api.BaseAddress.Port}";
        start.Environment["NOTIFIER_PORT"] = $"{System.Notifier.BaseAddress.Port}";
        start.Environment["WORKER_TARGETS"] = string.Join(',', System.Workers.Select(w => $"127.0.0.1:{w.BaseAddress.Port}"));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await error;
        await File.AppendAllTextAsync(Path.Combine(System.LogDirectory, "prometheus.log"), $"$ prometheus.sh {command}\n{text}\n");
        if (process.ExitCode != 0) throw new InvalidOperationException($"prometheus.sh {command} failed: {text}");
    }

    public async Task DisposeAsync()
    {
        Prometheus?.Dispose();
        try
        {
            if (System is not null) await PrometheusScriptAsync("stop");
        }
        finally
        {
            if (System is not null) await System.DisposeAsync();
            await Otlp.DisposeAsync();
            try { Directory.Delete(prometheusDir, recursive: true); } catch (IOException) { }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ObservedCollection : ICollectionFixture<ObservedSystem>
{
    public const string Name = "observed";
}
