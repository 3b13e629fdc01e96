using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Queues.ServiceDefaults;

/// <summary>
/// Durations were whole numbers of seconds or milliseconds under names that said which (<c>Worker:HeartbeatSeconds</c>);
/// they are <see cref="TimeSpan"/>s now (<c>Worker:HeartbeatInterval=00:00:02</c>). A host given an old name refuses to
/// start and says what to write instead, rather than running on the default without a word.
/// </summary>
public static class RenamedSettings
{
    enum Unit { Milliseconds, Seconds, Minutes }

    static readonly (string Old, string New, Unit Unit)[] Renamed =
    [
        ("Auth:LinkLifetimeMinutes", "Auth:LinkLifetime", Unit.Minutes),
        ("Auth:UploadWindowMilliseconds", "Auth:UploadWindow", Unit.Milliseconds),
        ("Processing:AnnounceSeconds", "Processing:AnnounceInterval", Unit.Seconds),
        ("Retention:IntervalSeconds", "Retention:Interval", Unit.Seconds),
        ("Jobs:DeferMinMilliseconds", "Jobs:DeferMinDelay", Unit.Milliseconds),
        ("Jobs:DeferMaxMilliseconds", "Jobs:DeferMaxDelay", Unit.Milliseconds),
        ("Jobs:OrphanAfterSeconds", "Jobs:OrphanAfter", Unit.Seconds),
        ("Dashboard:WorkerOfflineSeconds", "Dashboard:WorkerOfflineAfter", Unit.Seconds),
        ("Dashboard:WorkerForgetSeconds", "Dashboard:WorkerForgetAfter", Unit.Seconds),
        ("Dashboard:EventsKeepAliveSeconds", "Dashboard:EventsKeepAlive", Unit.Seconds),
        ("QueueMetrics:PollSeconds", "QueueMetrics:PollInterval", Unit.Seconds),
        ("Storage:TimeoutSeconds", "Storage:Timeout", Unit.Seconds),
        ("Worker:RetryMinMilliseconds", "Worker:RetryMinDelay", Unit.Milliseconds),
        ("Worker:RetryMaxMilliseconds", "Worker:RetryMaxDelay", Unit.Milliseconds),
        ("Worker:HeartbeatSeconds", "Worker:HeartbeatInterval", Unit.Seconds),
        ("Worker:PublishTimeoutSeconds", "Worker:PublishTimeout", Unit.Seconds),
        ("Worker:PauseStateWaitSeconds", "Worker:PauseStateWait", Unit.Seconds),
        ("Webhooks:RetryMinMilliseconds", "Webhooks:RetryMinDelay", Unit.Milliseconds),
        ("Webhooks:RetryMaxMilliseconds", "Webhooks:RetryMaxDelay", Unit.Milliseconds),
        ("Notifier:WebhookTimeoutSeconds", "Notifier:WebhookTimeout", Unit.Seconds),
    ];

    /// <summary>Throws, naming every old setting found and its replacement with the same value.</summary>
    public static void Refuse(IConfiguration configuration)
    {
        var found = Renamed.Where(r => configuration[r.Old] is not null)
            .Select(r => $"{r.Old}={configuration[r.Old]} is now {r.New}={Convert(configuration[r.Old]!, r.Unit)}").ToList();
        if (found.Count > 0)
            throw new InvalidOperationException("Settings renamed: durations are written as [d.]hh:mm:ss[.fff]. " + string.Join("; ", found)
                + " (in environment variables, __ for each colon).");
    }

    static string Convert(string value, Unit unit) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? (unit switch
            {
                Unit.Milliseconds => TimeSpan.FromMilliseconds(number),
                Unit.Seconds => TimeSpan.FromSeconds(number),
                _ => TimeSpan.FromMinutes(number),
            }).ToString("c", CultureInfo.InvariantCulture)
            : "a duration";
}
