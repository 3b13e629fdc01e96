using System.Text.Json;
using Queues.Monitoring.Sources;
using Spectre.Console;

namespace Queues.Monitoring;

/// <summary>
/// `verify`: asks each part of the system once and says plainly what is wrong and what to do about it.
/// Exit code 0 when everything answered as it should, 1 otherwise.
/// </summary>
public static class Verifier
{
    sealed record Check(string Part, bool Ok, string Message);

    public static async Task<int> RunAsync(MonitorOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        using var http = HttpSource.Client(options.ApiKey);
        var checks = new List<Check>();

        // The Api, and what it depends on, from its health checks (database, object store, bus).
        var (apiStatus, apiBody, apiProblem) = await GetAsync(http, new Uri(options.Api, "health/details"), cancellationToken);
        if (apiProblem is not null)
            checks.Add(new("Api", false, $"{apiProblem}. Start it: dotnet run --project Api (or pass --api URL)"));
        else
        {
            checks.Add(new("Api", true, $"answers at {options.Api}"));
            foreach (var (name, status, description) in HealthEntries(apiBody!))
                checks.Add(new(PartOf(name), status == "Healthy", status == "Healthy" ? $"{name}: healthy" : $"{name}: {status}: {description}"));
            if (apiStatus >= 500 && !HealthEntries(apiBody!).Any()) checks.Add(new("Api", false, $"not ready ({apiStatus})"));
        }

        // The broker directly, when its management API is given: queues declared, workers attached.
        if (options.Rabbit is { } rabbit)
        {
            var (source, management) = HttpSource.Management(options);
            try
            {
                var overview = await source.ReadAsync(new Uri(rabbit, "api/overview"), management.GetOverviewAsync, cancellationToken);
                checks.Add(new("broker", true, $"RabbitMQ {overview.Version} on {overview.Node}: {overview.Queues} queues, {overview.Connections} connections"));
                var queuesUrl = new Uri(rabbit, "api/queues");
                var queues = await source.ReadAsync(queuesUrl, management.GetQueuesAsync, cancellationToken);
                // The management API refreshes its numbers every ~5 s: a worker that has just connected is not there yet.
                for (var wait = 0; wait < 3 && queues.FirstOrDefault(q => q.Name == "process-image") is not { Consumers: > 0 }; wait++)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2.5), cancellationToken);
                    queues = await source.ReadAsync(queuesUrl, management.GetQueuesAsync, cancellationToken);
                }
                var work = queues.FirstOrDefault(q => q.Name == "process-image");
                checks.Add(work is null
                    ? new("workers", false, "no queue process-image: no worker has ever started on this broker (dotnet run --project Worker)")
                    : new("workers", work.Consumers > 0, work.Consumers > 0
                        ? $"{work.Consumers} consuming process-image ({work.Ready} waiting)"
                        : $"nothing consumes process-image and {work.Ready} jobs wait: start a worker"));
                if (queues.FirstOrDefault(q => q.Name == "process-image_error") is { Ready: > 0 } errors)
                    checks.Add(new("error queue", true, $"{errors.Ready} failed messages wait in process-image_error (GET /jobs?state=Failed tells why)"));
            }
            catch (SourceUnavailableException e)
            {
                checks.Add(new("broker", false, e.Message + ". Is RabbitMQ running with the management plugin? (scripts/run-local.sh)"));
            }
        }

        // The notifier (the Api itself in standalone mode): its counts.
        var (_, statsBody, statsProblem) = await GetAsync(http, new Uri(options.StatsUrl, "stats"), cancellationToken);
        if (statsProblem is not null)
            checks.Add(new("notifier", false, options.Notifier is null
                ? $"{statsProblem}: no /stats on the Api; in distributed mode pass --notifier URL"
                : $"{statsProblem}. Start it: dotnet run --project Notifier"));
        else
        {
            var stats = PipelineStatsView.Parse(statsBody!);
            checks.Add(new("notifier", true, $"{stats.Completed} completed, {stats.Failed} failed so far"));
        }

        // The workers, by their heartbeats, as the Api counts them.
        var (_, metricsBody, metricsProblem) = await GetAsync(http, new Uri(options.Api, "metrics"), cancellationToken);
        if (metricsProblem is null && MetricSet.Parse(metricsBody!).Sum("queues_workers_online") is { } online)
            checks.Add(new("workers", online > 0, online > 0
                ? $"{online} sending heartbeats"
                : "no worker heartbeat lately: start a worker (dotnet run --project Worker)"));

        foreach (var check in checks)
            console.MarkupLine($"{(check.Ok ? "[green]ok  [/]" : "[red]FAIL[/]")} {Markup.Escape(check.Part),-12} {Markup.Escape(check.Message)}");
        var failed = checks.Count(c => !c.Ok);
        console.MarkupLine(failed == 0 ? "[green]Everything answers.[/]" : $"[red]{failed} problem(s); the first one listed is usually the cause.[/]");
        return failed == 0 ? 0 : 1;
    }

    static string PartOf(string check) => check switch
    {
        "object-store" => "storage",
        "jobs-database" => "database",
        _ when check.Contains("masstransit", StringComparison.OrdinalIgnoreCase) => "broker",
        _ => "Api",
    };

    static IEnumerable<(string Name, string Status, string? Description)> HealthEntries(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("checks", out var checks)) return [];
        return checks.EnumerateArray().Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("status").GetString()!,
            c.TryGetProperty("description", out var d) ? d.GetString() : null)).ToList();
    }

    /// <summary>Status and body of any answer (a 503 from a health check still says which part is down), or why there was none.</summary>
    static async Task<(int Status, string? Body, string? Problem)> GetAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return (int)response.StatusCode == 404 ? (404, null, $"{url} answered 404") : ((int)response.StatusCode, body, null);
        }
        catch (HttpRequestException e)
        {
            return (0, null, $"unreachable at {url.GetLeftPart(UriPartial.Authority)}: {e.InnerException?.Message ?? e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, null, $"no answer from {url.GetLeftPart(UriPartial.Authority)} within {http.Timeout.TotalSeconds:0} s");
        }
    }
}
