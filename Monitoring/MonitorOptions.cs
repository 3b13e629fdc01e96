using System.Globalization;
using Queues.Monitoring.Cli;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Monitoring;

/// <summary>One run of the tool, as the command line (<see cref="MonitorSettings"/>) describes it, in typed form.</summary>
public sealed record MonitorOptions
{
    public string Command { get; init; } = "";
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Zero: until Ctrl+C or SIGTERM.</summary>
    public TimeSpan Duration { get; init; }
    public string? Csv { get; init; }
    public string? Plot { get; init; }
    /// <summary>The plot's title; the view's own when absent.</summary>
    public string? Title { get; init; }
    /// <summary>An events file whose lines ('UNIX_SECONDS LABEL') become labelled vertical lines on the plot.</summary>
    public string? Marks { get; init; }
    /// <summary>The RabbitMQ management API. Given, the queues view reads the broker; otherwise the Api's /metrics.</summary>
    public Uri? Rabbit { get; init; }
    public string User { get; init; } = "guest";
    public string Password { get; init; } = "guest";
    public string VirtualHost { get; init; } = "/";
    public Uri Api { get; init; } = new("http://127.0.0.1:5000");
    /// <summary>Sent as X-Api-Key to the Api, whose /metrics, /stats and /health/details are for operators in ApiKey mode.</summary>
    public string? ApiKey { get; init; }
    /// <summary>Serves /stats; the notifier in distributed mode, the Api (which hosts it) in standalone mode.</summary>
    public Uri? Notifier { get; init; }

    public Uri StatsUrl => Notifier ?? Api;

    /// <exception cref="ArgumentException">With a message a person can act on.</exception>
    public static MonitorOptions From(string command, MonitorSettings settings)
    {
        var options = new MonitorOptions
        {
            Command = command,
            Interval = Seconds("--interval", settings.Interval),
            Duration = Seconds("--duration", settings.Duration),
            Csv = settings.Csv,
            Plot = settings.Plot,
            Title = settings.Title,
            Marks = settings.Marks,
            User = settings.User,
            Password = settings.Password,
            VirtualHost = settings.VirtualHost,
            Api = Url("--api", settings.Api),
            ApiKey = settings.ApiKey ?? Environment.GetEnvironmentVariable("QUEUES_API_KEY"),
            Notifier = settings.Notifier is { } notifier ? Url("--notifier", notifier) : null,
        };
        if (options.Interval <= TimeSpan.Zero) throw new ArgumentException("--interval must be positive.");
        return settings.Rabbit is { } rabbit ? WithRabbit(options, Url("--rabbit", rabbit)) : options;
    }

    /// <summary>http://user:password@host:15672 (the form the load test takes) carries the credentials in the URL.</summary>
    static MonitorOptions WithRabbit(MonitorOptions options, Uri url)
    {
        var (bare, user, password) = RabbitMqManagementClient.SplitCredentials(url);
        return options with { Rabbit = bare, User = user ?? options.User, Password = password ?? options.Password };
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
