using System.Text.Json;
using Queues.Tests.Support;

namespace Queues.EndToEnd.Tests.Observability;

/// <summary>Logging__Console__FormatterName=json (as docker-compose sets it) and each service's own appsettings.json.</summary>
[Collection(ObservedCollection.Name)]
public sealed class JsonLogTests(ObservedSystem observed)
{
    [Fact]
    public async Task Every_service_writes_one_json_object_per_line_and_its_own_appsettings_keeps_the_noisy_categories_out()
    {
        var system = observed.System;
        var id = await system.Http.UploadAsync(JobsClient.Jpeg(320, 240));
        (await system.Http.WaitForEndAsync([id], TimeSpan.FromSeconds(60)))[id].State.ShouldBe("Completed");
        // Prometheus scrapes /metrics on every service each second: at Information, each scrape would log requests.
        await Eventually.Until(async () => (await observed.Prometheus.GetStringAsync(
            "api/v1/query?query=" + Uri.EscapeDataString("count(up == 1)"))).Contains("\"4\""), "Prometheus scraping all four services",
            TimeSpan.FromSeconds(30));

        foreach (var service in system.Workers.Append(system.Notifier).Append(system.Api))
        {
            var entries = service.LogText().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => Parse(service.Name, line)).ToList();
            entries.ShouldContain(e => e.Category == "Microsoft.Hosting.Lifetime" && e.LogLevel == "Information", $"{service.Name}: startup is logged");
            entries.ShouldNotContain(e => e.Category.StartsWith("Microsoft.AspNetCore") && e.LogLevel == "Information",
                $"{service.Name}: request logging is at Warning in its appsettings.json");
            entries.ShouldNotContain(e => e.Category.StartsWith("Microsoft.EntityFrameworkCore") && e.LogLevel == "Information",
                $"{service.Name}: SQL is not logged");
        }
    }

    sealed record Entry(string Category, string LogLevel, string Message);

    static Entry Parse(string service, string line)
    {
        try
        {
            return JsonSerializer.Deserialize<Entry>(line) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new ShouldAssertException($"{service} wrote a line that is not a JSON log entry ({e.Message}): {line}");
        }
    }
}
