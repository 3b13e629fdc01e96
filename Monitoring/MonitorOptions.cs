using System.Globalization;

namespace Queues.Monitoring;

/// <summary>The command line. Small and hand-read: a handful of options does not need a parsing framework.</summary>
public sealed record MonitorOptions
{
    public string Command { get; init; } = "";
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Zero: until Ctrl+C.</summary>
    public TimeSpan Duration { get; init; }
    public string? Csv { get; init; }
    public string? Plot { get; init; }
    /// <summary>The RabbitMQ management API. Given, the queues view reads the broker; otherwise the Api's /metrics.</summary>
    public Uri? Rabbit { get; init; }
    public string User { get; init; } = "guest";
    public string Password { get; init; } = "guest";
    public string VirtualHost { get; init; } = "/";
    public Uri Api { get; init; } = new("http://127.0.0.1:5000");
    /// <summary>Serves /stats; the notifier in distributed mode, the Api (which hosts it) in standalone mode.</summary>
    public Uri? Notifier { get; init; }

    public Uri StatsUrl => Notifier ?? Api;

    public const string Usage = """
        usage: dotnet run --project Monitoring -- <queues|performance|verify> [options]
          queues        ready, unacked, consumers, publish/deliver/ack rates, error-queue depth
          performance   throughput, p50/p95/p99 processing and end-to-end latency, failures, workers online
          verify        checks the broker, storage, Api, workers and notifier once and says what is wrong
        options:
          --interval SECONDS   refresh period (1)
          --duration SECONDS   stop by itself after this long (default: run until Ctrl+C)
          --csv FILE           record every reading as a CSV time series
          --plot FILE.png      when it stops, draw queue depth and throughput over time
          --rabbit URL         RabbitMQ management API, e.g. http://127.0.0.1:15672 (distributed mode)
          --user U --password P --vhost V   management API credentials and virtual host (guest, guest, /)
          --api URL            the Api (http://127.0.0.1:5000): /metrics, and /stats in standalone mode
          --notifier URL       the notifier's /stats in distributed mode (default: the Api)
        """;

    public static MonitorOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("queues" or "performance" or "verify"))
            throw new ArgumentException("Say which view: queues, performance or verify.");
        var options = new MonitorOptions { Command = args[0] };
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--interval" => options with { Interval = Seconds(name, Value()) },
                "--duration" => options with { Duration = Seconds(name, Value()) },
                "--csv" => options with { Csv = Value() },
                "--plot" => options with { Plot = Value() },
                "--rabbit" => WithRabbit(options, Url(name, Value())),
                "--user" => options with { User = Value() },
                "--password" => options with { Password = Value() },
                "--vhost" => options with { VirtualHost = Value() },
                "--api" => options with { Api = Url(name, Value()) },
                "--notifier" => options with { Notifier = Url(name, Value()) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }
        if (options.Interval <= TimeSpan.Zero) throw new ArgumentException("--interval must be positive.");
        return options;
    }

    /// <summary>http://user:password@host:15672 (the form the load test takes) carries the credentials in the URL.</summary>
    static MonitorOptions WithRabbit(MonitorOptions options, Uri url)
    {
        if (url.UserInfo.Length == 0) return options with { Rabbit = url };
        var (user, password) = url.UserInfo.Split(':', 2) is [var u, var p] ? (u, p) : (url.UserInfo, "");
        return options with
        {
            Rabbit = new UriBuilder(url) { UserName = "", Password = "" }.Uri,
            User = Uri.UnescapeDataString(user),
            Password = Uri.UnescapeDataString(password),
        };
    }

    /// <summary>"5", "2.5", "30s" or "2m".</summary>
    static TimeSpan Seconds(string name, string text)
    {
        var minutes = text.EndsWith('m');
        var number = text.TrimEnd('s', 'm');
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
            throw new ArgumentException($"{name} takes seconds, e.g. 5, 30s or 2m; got '{text}'.");
        return minutes ? TimeSpan.FromMinutes(value) : TimeSpan.FromSeconds(value);
    }

    static Uri Url(string name, string text) =>
        Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new ArgumentException($"{name} takes an http(s) URL, e.g. http://127.0.0.1:15672; got '{text}'.");
}
