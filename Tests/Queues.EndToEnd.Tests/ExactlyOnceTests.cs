using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Queues.Tests.Support;
using Xunit.Abstractions;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// Delivery is at least once: a connection the broker drops in the middle of processing (an outage, a restart, a
/// network blip) sends jobs to a worker again. The effects
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
    public async Task Jobs_run_again_after_the_broker_drops_every_connection_have_one_effect_each_and_count_every_attempt()
    {
        var attemptsBefore = await WorkerAttemptsAsync();
        var unconfirmedBefore = await WorkerUnconfirmedAsync();
        var notifiedBefore = await NotifierCompletedAsync();
        var ids = await Http.UploadManyAsync(24, TwelveMegapixels.Value, SlowOperations);
        await Eventually.Until(async () => (await Task.WhenAll(ids.Select(Http.GetJobAsync))).Count(j => j.State == "Processing"),
            processing => processing >= 2, "jobs in flight on the workers", TimeSpan.FromSeconds(60));

        // The broker closes every connection, as it does when it goes down: the unacknowledged messages go back to
        // their queue and the jobs in flight run again. (Stopping the node takes its CLI up to a minute on a busy
        // machine, by when the work is done; closing the connections is immediate.)
        var closed = await CloseEveryConnectionAsync();
        var unfinished = (await Task.WhenAll(ids.Select(Http.GetJobAsync))).Count(j => j.State is "Queued" or "Processing");
        output.WriteLine($"{closed} connections closed; {unfinished} jobs unfinished then");
        unfinished.ShouldBeGreaterThan(0, "the connections dropped while jobs were still to do");
        var dropped = DateTime.UtcNow;
        await Eventually.Until(ConnectionCountAsync, n => n >= closed, "every process to connect again", TimeSpan.FromSeconds(60));
        output.WriteLine($"all {closed} connections back {(DateTime.UtcNow - dropped).TotalSeconds:F1} s after they dropped");

        var jobs = await Http.WaitForEndAsync(ids, TimeSpan.FromSeconds(180));
        jobs.Values.ShouldAllBe(j => j.State == "Completed");
        var firstAfter = jobs.Values.Where(j => j.FinishedAt > dropped).Min(j => j.FinishedAt);
        output.WriteLine($"first job completed {(firstAfter - dropped)?.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s after the connections dropped");

        var attempts = jobs.Values.Sum(j => j.Attempts);
        output.WriteLine($"{ids.Count} jobs, {attempts} attempts: {string.Join(", ", jobs.Values.Where(j => j.Attempts > 1).Select(j => $"{j.Id.ToString("N")[..8]} x{j.Attempts}"))}");
        attempts.ShouldBeGreaterThan(ids.Count, "the outage sent some jobs to a worker again; without that this test proves nothing");
        // Every attempt a worker began and announced is on the jobs; an announcement whose publish failed with the
        // connection may be there too, though its delivery went back to the queue (the workers count those apart).
        var began = await WorkerAttemptsAsync() - attemptsBefore;
        var unconfirmed = await WorkerUnconfirmedAsync() - unconfirmedBefore;
        output.WriteLine($"the workers began and announced {began} attempts; {unconfirmed} announcements unconfirmed");
        ((long)attempts).ShouldBeInRange(began, began + unconfirmed, "the attempts the jobs show, against the ones the workers began");

        // A job sent after them, whose webhook comes last: every notification of the jobs above came before it.
        var sentinel = await Http.UploadAsync(JobsClient.Jpeg(400, 300));
        await Eventually.Until(() => Task.FromResult(system.Webhooks.DeliveriesOf(sentinel)), n => n > 0, "the last job's webhook",
            TimeSpan.FromSeconds(60));
        ids.Select(system.Webhooks.DeliveriesOf).ShouldAllBe(n => n == 1, "one webhook per job");
        (await NotifierCompletedAsync() - notifiedBefore).ShouldBe(ids.Count + 1, "the notifier counts each job once");
    }

    HttpClient Management()
    {
        var management = new HttpClient { BaseAddress = system.ManagementUrl };
        management.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return management;
    }

    async Task<int> ConnectionCountAsync()
    {
        using var management = Management();
        return (await management.GetFromJsonAsync<JsonElement[]>("api/connections"))!.Length;
    }

    async Task<int> CloseEveryConnectionAsync()
    {
        using var management = Management();
        var connections = await management.GetFromJsonAsync<JsonElement[]>("api/connections");
        connections.ShouldNotBeNull().ShouldNotBeEmpty();
        foreach (var connection in connections)
        {
            using var close = new HttpRequestMessage(HttpMethod.Delete, $"api/connections/{Uri.EscapeDataString(connection.GetProperty("name").GetString()!)}");
            close.Headers.Add("X-Reason", "test: the broker drops every connection");
            (await management.SendAsync(close)).EnsureSuccessStatusCode();
        }
        return connections.Length;
    }

    async Task<long> NotifierCompletedAsync()
    {
        using var http = new HttpClient { BaseAddress = system.Notifier.BaseAddress };
        return (await http.GetFromJsonAsync<JsonElement>("stats")).GetProperty("completed").GetInt64();
    }

    /// <summary>queues_worker_attempts_total from every worker's /metrics, summed.</summary>
    Task<long> WorkerAttemptsAsync() => WorkerCounterAsync(AttemptsSample());

    Task<long> WorkerUnconfirmedAsync() => WorkerCounterAsync(UnconfirmedSample());

    async Task<long> WorkerCounterAsync(Regex samples)
    {
        long total = 0;
        foreach (var worker in system.Workers)
        {
            using var http = new HttpClient { BaseAddress = worker.BaseAddress };
            foreach (Match sample in samples.Matches(await http.GetStringAsync("metrics")))
                total += long.Parse(sample.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        return total;
    }

    [GeneratedRegex(@"^queues_worker_attempts_total\{[^}]*\} (\d+)", RegexOptions.Multiline)]
    private static partial Regex AttemptsSample();

    [GeneratedRegex(@"^queues_worker_announcements_unconfirmed_total\{[^}]*\} (\d+)", RegexOptions.Multiline)]
    private static partial Regex UnconfirmedSample();
}
