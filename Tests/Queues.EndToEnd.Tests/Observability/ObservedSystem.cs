namespace Queues.EndToEnd.Tests.Observability;

/// <summary>
/// The distributed system with what watches it: every service logs JSON lines at the levels of its own
/// appsettings.json, exports its traces over OTLP to a receiver in this process, and Debian's Prometheus server,
/// started by the app host with the other servers from deploy/prometheus/prometheus.local.yml, scrapes all of them every second.
/// </summary>
public sealed class ObservedSystem : IAsyncLifetime
{
    sealed class Traced : DistributedSystem
    {
        public Traced(Uri otlp, int prometheusPort) : base(Settings(otlp), ["--prometheus"])
        {
            Servers["PROMETHEUS_PORT"] = $"{prometheusPort}";
            Servers["PROMETHEUS_SCRAPE_INTERVAL"] = "1s";
            Servers["API_PORT"] = $"{ApiPort}";
            Servers["NOTIFIER_PORT"] = $"{NotifierPort}";
            Servers["PROMETHEUS_WORKERS"] = string.Join(',', WorkerPorts.Select(p => $"127.0.0.1:{p}"));
        }

        static Dictionary<string, string> Settings(Uri otlp) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["Logging__Console__FormatterName"] = "json",
        // The base system quiets everything to Warning; here the default is each appsettings.json's, so that the
        // per-category levels in each service's own file are what keep the noise out.
        ["Logging__LogLevel__Default"] = "Information",
    };
    }

    readonly int prometheusPort = FreePorts.Next();

    public OtlpReceiver Otlp { get; } = new();
    public DistributedSystem System { get; private set; } = null!;
    public HttpClient Prometheus { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Otlp.StartAsync();
        System = new Traced(Otlp.Endpoint, prometheusPort);
        await System.InitializeAsync();
        Prometheus = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync()
    {
        Prometheus?.Dispose();
        try
        {
            if (System is not null) await System.DisposeAsync();
        }
        finally
        {
            await Otlp.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ObservedCollection : ICollectionFixture<ObservedSystem>
{
    public const string Name = "observed";
}
