using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Queues.Tests.Support;
using Xunit.Abstractions;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// Delivery is at least once: a broker outage in the middle of processing sends jobs to a worker again. The effects
/// downstream of it are exactly once: one completion applied, one notification counted, one webhook per job; and
/// the attempt counts are the real ones, the sum of what the workers themselves counted.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed partial class ExactlyOnceTests(DistributedSystem system, ITestOutputHelper output)
{
    static readonly Lazy<byte[]> TwelveMegapixels = new(() => JobsClient.Jpeg(4000, 3000));
    const string SlowOperations = "blur:4,grayscale,resize:320x320";

    HttpClient Http => system.Http;

    [Fact]
    public async Task Jobs_processed_twice_across_a_broker_outage_have_one_effect_each_and_count_every_attempt()
    {
        var attemptsBefore = await WorkerAttemptsAsync();
        var notifiedBefore = await NotifierCompletedAsync();
        // Enough of them that the workers are still busy when the broker has stopped (a few seconds under load).
        var ids = await Http.UploadManyAsync(40, TwelveMegapixels.Value, SlowOperations);
        await Eventually.Until(async () => (await Task.WhenAll(ids.Select(Http.GetJobAsync))).Count(j => j.State == "Processing"),
            processing => processing >= 2, "jobs in flight on the workers", TimeSpan.FromSeconds(60));

        // Unacknowledged messages go back to their queue when the workers' connections drop: those jobs run again.
        await system.ServicesAsync("broker-stop");
        var unfinished = (await Task.WhenAll(ids.Select(Http.GetJobAsync))).Count(j => j.State is "Queued" or "Processing");
        unfinished.ShouldBeGreaterThan(0, "the broker stopped while jobs were still to do");
        await system.ServicesAsync("broker-start");
        var brokerBack = DateTime.UtcNow;

        var jobs = await Http.WaitForEndAsync(ids, TimeSpan.FromSeconds(180));
        jobs.Values.ShouldAllBe(j => j.State == "Completed");
        var firstAfter = jobs.Values.Where(j => j.FinishedAt > brokerBack).Min(j => j.FinishedAt);
        output.WriteLine($"first job completed {(firstAfter - brokerBack)?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s after the broker was back");

        var attempts = jobs.Values.Sum(j => j.Attempts);
        output.WriteLine($"{ids.Count} jobs, {attempts} attempts: {string.Join(", ", jobs.Values.Where(j => j.Attempts > 1).Select(j => $"{j.Id:N}[..8] x{j.Attempts}"))}");
        attempts.ShouldBeGreaterThan(ids.Count, "the outage sent some jobs to a worker again; without that this test proves nothing");
        (await WorkerAttemptsAsync() - attemptsBefore).ShouldBe(attempts, "the attempts the workers began, and the ones the jobs show");

        // A job sent after them, whose webhook comes last: every notification of the jobs above came before it.
        var sentinel = await Http.UploadAsync(JobsClient.Jpeg(400, 300));
        await Eventually.Until(() => Task.FromResult(system.Webhooks.DeliveriesOf(sentinel)), n => n > 0, "the last job's webhook",
            TimeSpan.FromSeconds(60));
        ids.Select(system.Webhooks.DeliveriesOf).ShouldAllBe(n => n == 1, "one webhook per job");
        (await NotifierCompletedAsync() - notifiedBefore).ShouldBe(ids.Count + 1, "the notifier counts each job once");
    }

    async Task<long> NotifierCompletedAsync()
    {
        using var http = new HttpClient { BaseAddress = system.Notifier.BaseAddress };
        return (await http.GetFromJsonAsync<JsonElement>("stats")).GetProperty("completed").GetInt64();
    }

    /// <summary>queues_worker_attempts_total from every worker's /metrics, summed.</summary>
    async Task<long> WorkerAttemptsAsync()
    {
        long total = 0;
        foreach (var worker in system.Workers)
        {
            using var http = new HttpClient { BaseAddress = worker.BaseAddress };
            foreach (Match sample in AttemptsSample().Matches(await http.GetStringAsync("metrics")))
                total += long.Parse(sample.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        return total;
    }

    [GeneratedRegex(@"^queues_worker_attempts_total\{[^}]*\} (\d+)", RegexOptions.Multiline)]
    private static partial Regex AttemptsSample();
}
