using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Queues.Tests.Support;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// POST /processing/pause and /resume across two worker processes on a real RabbitMQ node: the broker's own counts
/// show the queue filling with nothing delivered, a worker restarted while paused takes nothing, and every job waiting
/// starts after the resume.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class DistributedPauseTests(DistributedSystem system)
{
    const int Waiting = 6;
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    HttpClient Http => system.Http;

    [Fact]
    public async Task Paused_workers_leave_every_new_job_in_the_queue_until_resumed_and_finish_the_one_in_flight()
    {
        // A 12 MP decode and a wide blur, a few seconds: still running when the pause arrives.
        var inFlight = await Http.UploadAsync(JobsClient.Jpeg(4000, 3000), "blur:12,grayscale,resize:320x320");
        await Eventually.Until(() => Http.GetJobAsync(inFlight), j => j.State != "Queued", "the slow job to start", Deadline);
        var pausedAt = DateTime.UtcNow;
        try
        {
            (await PostAsync("processing/pause")).GetProperty("paused").GetBoolean().ShouldBeTrue();
            (await Http.GetJobAsync(inFlight)).State.ShouldBe("Processing", "in flight when the pause came");
            // The worker running the slow job reports paused only once that job is done.
            var before = await WorkersPausedAsync([DistributedSystem.WorkerId(0), DistributedSystem.WorkerId(1)]);
            var finished = await Http.GetJobAsync(inFlight);
            finished.State.ShouldBe("Completed", finished.FailureReason);
            finished.StartedAt.ShouldNotBeNull().ShouldBeLessThan(pausedAt);

            var waiting = await Http.UploadManyAsync(Waiting, JobsClient.Jpeg(320, 240));
            await QueueHoldsAsync(Waiting, "the jobs sent while paused");

            // Restarted while paused, the worker learns it at start and connects nothing.
            await system.RestartWorkerAsync(0);
            await WorkersPausedAsync([DistributedSystem.WorkerId(0)], except: before[DistributedSystem.WorkerId(0)]);
            await QueueHoldsAsync(Waiting, "the jobs, after a worker started while paused");
            foreach (var id in waiting) (await Http.GetJobAsync(id)).State.ShouldBe("Queued");

            var resumedAt = DateTime.UtcNow;
            (await PostAsync("processing/resume")).GetProperty("paused").GetBoolean().ShouldBeFalse();
            var jobs = await Http.WaitForEndAsync(waiting, TimeSpan.FromSeconds(120));
            foreach (var job in jobs.Values)
            {
                job.State.ShouldBe("Completed", job.FailureReason);
                job.StartedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(resumedAt, $"job {job.Id} started after the resume");
            }
        }
        finally
        {
            await PostAsync("processing/resume");
        }
    }

    async Task<JsonElement> PostAsync(string path)
    {
        using var response = await Http.PostAsync(path, null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Waits until each worker's heartbeat says paused, from a process other than <paramref name="except"/>; returns their process ids.</summary>
    async Task<Dictionary<string, int>> WorkersPausedAsync(string[] ids, int except = 0)
    {
        var workers = await Eventually.Until(async () => (await Http.GetFromJsonAsync<JsonElement>("workers")).EnumerateArray()
                .Where(w => ids.Contains(w.GetProperty("workerId").GetString()) && w.GetProperty("online").GetBoolean()
                            && w.GetProperty("paused").GetBoolean() && w.GetProperty("processId").GetInt32() != except).ToList(),
            found => found.Count == ids.Length, $"{string.Join(" and ", ids)} to report paused", Deadline);
        return workers.ToDictionary(w => w.GetProperty("workerId").GetString()!, w => w.GetProperty("processId").GetInt32());
    }

    /// <summary>The broker's count (the management API lags a few seconds): all Ready, none delivered, no consumer attached.</summary>
    Task QueueHoldsAsync(int ready, string what) =>
        Eventually.Until(async () =>
        {
            var queues = (await Http.GetFromJsonAsync<JsonElement>("queues")).GetProperty("queues").EnumerateArray();
            var queue = queues.Single(q => q.GetProperty("name").GetString() == "process-image");
            return (Ready: queue.GetProperty("ready").GetInt64(), Unacked: queue.GetProperty("unacknowledged").GetInt64(),
                Consumers: queue.GetProperty("consumers").GetInt32());
        }, q => q == (ready, 0, 0), $"process-image to hold {what}: {ready} ready, 0 unacknowledged, 0 consumers", Deadline);
}
