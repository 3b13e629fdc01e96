using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Queues.Monitoring.Cli;

/// <summary>
/// The options every view takes, as typed on the command line. Durations and URLs stay text here so that a
/// mistake is refused with the message <see cref="MonitorOptions.From"/> gives, not a converter's stack trace.
/// </summary>
public sealed class MonitorSettings : CommandSettings
{
    [CommandOption("--interval <SECONDS>"), Description("Refresh period in seconds (5, 2.5, 30s or 2m)."), DefaultValue("1")]
    public string Interval { get; init; } = "1";

    [CommandOption("--duration <SECONDS>"), Description("Stop by itself after this long; 0 runs until Ctrl+C or SIGTERM."), DefaultValue("0")]
    public string Duration { get; init; } = "0";

    [CommandOption("--csv <FILE>"), Description("Record every reading as a CSV time series.")]
    public string? Csv { get; init; }

    [CommandOption("--plot <FILE.png>"), Description("When it stops, draw queue depth and throughput over time.")]
    public string? Plot { get; init; }

    [CommandOption("--title <TEXT>"), Description("The plot's title: what to look at, e.g. \"each burst lifts the queue\".")]
    public string? Title { get; init; }

    [CommandOption("--marks <FILE>"), Description("Events to draw on the plot: lines 'UNIX_SECONDS LABEL' (scripts/lab.sh mark FILE LABEL).")]
    public string? Marks { get; init; }

    [CommandOption("--rabbit <URL>"), Description("RabbitMQ management API, e.g. http://127.0.0.1:15672 (distributed mode); user:password@ in the URL is taken as the credentials.")]
    public string? Rabbit { get; init; }

    [CommandOption("--user <USER>"), Description("Management API user."), DefaultValue("guest")]
    public string User { get; init; } = "guest";

    [CommandOption("--password <PASSWORD>"), Description("Management API password."), DefaultValue("guest")]
    public string Password { get; init; } = "guest";

    [CommandOption("--vhost <VHOST>"), Description("RabbitMQ virtual host."), DefaultValue("/")]
    public string VirtualHost { get; init; } = "/";

    [CommandOption("--api <URL>"), Description("The Api: its /metrics, and /stats in standalone mode."), DefaultValue("http://127.0.0.1:5000")]
    public string Api { get; init; } = "http://127.0.0.1:5000";

    [CommandOption("--api-key <KEY>"), Description("An operator key for an Api in ApiKey mode (its /metrics, /stats, /health/details); default: $QUEUES_API_KEY.")]
    public string? ApiKey { get; init; }

    [CommandOption("--notifier <URL>"), Description("The notifier's /stats in distributed mode (default: the Api).")]
    public string? Notifier { get; init; }

    public override ValidationResult Validate()
    {
        try
        {
            MonitorOptions.From("", this);
            return ValidationResult.Success();
        }
        catch (ArgumentException e)
        {
            return ValidationResult.Error(e.Message);
        }
    }
}
