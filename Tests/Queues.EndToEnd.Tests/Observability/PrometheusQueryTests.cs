using System.Net.Http.Json;
using System.Text.Json;

namespace Queues.EndToEnd.Tests.Observability;

/// <summary>Debian's Prometheus server, scraping the real processes, answers PromQL with the pipeline's true numbers.</summary>
[Collection(ObservedCollection.Name)]
public sealed class PrometheusQueryTests(ObservedSystem observed)
{
    // An operation set no other test uses: its label keeps these jobs' series apart from the rest.
    const string Operations = "sepia,resize:200x150";
    const string Selector = """{operations="sepia+resize"}""";
    const int Jobs = 8;

    sealed record Timing(Guid Id, string State, double? EndToEndMs);

    [Fact]
    public async Task Scrapes_the_api_every_worker_and_the_notifier()
    {
        var up = await EventuallyAsync("up == 1", r => r.Count == 4, "4 targets up (api, 2 workers, notifier)");
        up.Select(s => s.GetProperty("metric").GetProperty("job").GetString()).Order().ShouldBe(["api", "notifier", "worker", "worker"]);
    }

    [Fact]
    public async Task Sum_of_completed_jobs_and_the_end_to_end_p95_match_the_jobs_that_ran()
    {
        var system = observed.System;
        var ids = await system.Http.UploadManyAsync(Jobs, JobsClient.Jpeg(800, 600), Operations);
        var jobs = await system.Http.WaitForEndAsync(ids, TimeSpan.FromSeconds(120));
        jobs.Values.ShouldAllBe(j => j.State == "Completed");
        var latencies = new List<double>();
        foreach (var id in ids) latencies.Add((await system.Http.GetFromJsonAsync<Timing>($"jobs/{id}"))!.EndToEndMs!.Value);

        var completed = await EventuallyAsync($"sum(queues_jobs_completed_total{Selector})", r => r.Count == 1 && Value(r[0]) == Jobs,
            $"sum(queues_jobs_completed_total) = {Jobs}");
        Value(completed[0]).ShouldBe(Jobs);

        // Prometheus interpolates inside the bucket holding the quantile: the same arithmetic over the jobs' own
        // end-to-end times and the histogram's bucket bounds must give the number it answers.
        var buckets = await QueryAsync($"sum by (le) (queues_job_end_to_end_duration_milliseconds_bucket{Selector})");
        var bounds = buckets.Select(b => b.GetProperty("metric").GetProperty("le").GetString()!).Where(le => le != "+Inf")
            .Select(double.Parse).Order().ToArray();
        var p95 = await QueryAsync($"histogram_quantile(0.95, sum by (le) (queues_job_end_to_end_duration_milliseconds_bucket{Selector}))");
        Value(p95.Single()).ShouldBe(Quantile(0.95, latencies, bounds), 0.001, $"latencies {string.Join(", ", latencies)}");
        var total = await QueryAsync($"sum(queues_job_end_to_end_duration_milliseconds_sum{Selector})");
        Value(total.Single()).ShouldBe(latencies.Sum(), Jobs * 0.1, "sum of end-to-end times (the API rounds each to 0.1 ms)");
    }

    /// <summary>histogram_quantile's arithmetic (Prometheus promql/quantile.go), over raw values and bucket upper bounds.</summary>
    static double Quantile(double q, IReadOnlyCollection<double> values, double[] bounds)
    {
        var rank = q * values.Count;
        double below = 0, lower = 0;
        foreach (var upper in bounds)
        {
            var cumulative = values.Count(v => v <= upper);
            if (cumulative >= rank) return lower + (upper - lower) * (rank - below) / (cumulative - below);
            (below, lower) = (cumulative, upper);
        }
        return bounds[^1];
    }

    static double Value(JsonElement sample) => double.Parse(sample.GetProperty("value")[1].GetString()!);

    async Task<List<JsonElement>> QueryAsync(string promql)
    {
        var answer = await observed.Prometheus.GetFromJsonAsync<JsonElement>($"api/v1/query?query={Uri.EscapeDataString(promql)}");
        answer.GetProperty("status").GetString().ShouldBe("success", promql);
        return answer.GetProperty("data").GetProperty("result").EnumerateArray().ToList();
    }

    async Task<List<JsonElement>> EventuallyAsync(string promql, Func<List<JsonElement>, bool> done, string awaited)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var result = await QueryAsync(promql);
            if (done(result)) return result;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Prometheus never answered {awaited} to '{promql}'; last: {string.Join(", ", result)}");
            await Task.Delay(250);
        }
    }
}
