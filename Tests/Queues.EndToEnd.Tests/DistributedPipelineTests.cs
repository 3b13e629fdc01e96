using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Queues.Tests.Support;
using Queues.ServiceDefaults.Storage;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// The claims of distributed mode, on real processes, a real RabbitMQ node and a real S3 server.
/// Jobs are counted by id: lost (never finished), completed, failed.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class DistributedPipelineTests(DistributedSystem system)
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    static readonly byte[] OneMegapixel = JobsClient.Jpeg(1200, 900);
    static readonly Lazy<byte[]> TwelveMegapixels = new(() => JobsClient.Jpeg(4000, 3000));
    // No resize first: a full 12 MP decode and blur keeps each job busy long enough to be caught mid-flight.
    const string SlowOperations = "blur:4,grayscale,resize:320x320";

    HttpClient Http => system.Http;

    [Fact]
    public async Task A_hundred_uploads_all_complete_across_both_workers_with_results_in_storage()
    {
        var ids = await Http.UploadManyAsync(100, OneMegapixel);
        var jobs = await Http.WaitForEndAsync(ids, Deadline);

        jobs.Values.Count(j => j.State == "Completed").ShouldBe(100, string.Join("; ", jobs.Values.Where(j => j.State != "Completed").Select(j => j.FailureReason)));
        jobs.Values.Select(j => j.WorkerId).Distinct().Count().ShouldBe(2, "competing consumers: both workers take jobs");
        foreach (var id in ids)
            (await system.Storage.GetAsync(ObjectKeys.Result(id, "jpg"))).ShouldNotBeNull($"result of {id} in object storage");
    }

    [Fact]
    public async Task A_worker_killed_mid_job_loses_nothing_and_its_jobs_are_redelivered()
    {
        var ids = await Http.UploadManyAsync(16, TwelveMegapixels.Value, SlowOperations);
        var held = await JobsHeldByAsync(ids, DistributedSystem.WorkerId(0));

        system.Workers[0].Kill();
        try
        {
            var jobs = await Http.WaitForEndAsync(ids, Deadline);
            jobs.Values.ShouldAllBe(j => j.State == "Completed");
            // What the killed worker held went back to the queue and was finished by the other worker.
            var redelivered = held.Select(id => jobs[id]).Where(j => j.Attempts >= 2).ToList();
            redelivered.ShouldNotBeEmpty($"jobs held by the killed worker: {string.Join(", ", held.Select(id => $"{jobs[id].WorkerId}/{jobs[id].Attempts}"))}");
            redelivered.ShouldAllBe(j => j.WorkerId == DistributedSystem.WorkerId(1));

            // The at-least-once lesson on one timeline: two deliveries, the second marked redelivered, one completion.
            var story = await Eventually.Until(() => Http.GetTimelineAsync(redelivered[0].Id), t => t.OfKind("announced").Count > 0,
                $"job {redelivered[0].Id}'s timeline to reach its announcement", Deadline);
            var deliveries = story.OfKind("delivered");
            deliveries.Select(d => d.Source).ShouldBe([DistributedSystem.WorkerId(0), DistributedSystem.WorkerId(1)], string.Join("\n", story.Events));
            deliveries.Select(d => d.Detail!.Value.GetProperty("redelivered").GetBoolean()).ShouldBe([false, true]);
            story.OfKind("completed").Single().Source.ShouldBe(DistributedSystem.WorkerId(1));
            story.Events[0].Kind.ShouldBe("accepted");
        }
        finally
        {
            await system.RestartWorkerAsync(0);
        }
    }

    [Fact]
    public async Task SIGTERM_lets_a_worker_finish_its_images_before_it_exits()
    {
        var ids = await Http.UploadManyAsync(8, TwelveMegapixels.Value, SlowOperations);
        var stopping = DistributedSystem.WorkerId(1);
        var held = await JobsHeldByAsync(ids, stopping);

        system.Workers[1].Terminate();
        try
        {
            (await system.Workers[1].WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue("the worker exits once its images are done");
            system.Workers[1].ExitCode.ShouldBe(0);
            // Its last heartbeat said it was stopping: the dashboard says stopped, not crashed.
            await Eventually.Until(async () => (await Http.GetFromJsonAsync<JsonElement>("workers")).EnumerateArray()
                    .Single(w => w.GetProperty("workerId").GetString() == stopping).GetProperty("status").GetString(),
                status => status == "stopped", $"{stopping} shown stopped", TimeSpan.FromSeconds(10));
            var jobs = await Http.WaitForEndAsync(ids, Deadline);
            jobs.Values.ShouldAllBe(j => j.State == "Completed");
            foreach (var id in held)
            {
                jobs[id].WorkerId.ShouldBe(stopping, "finished by the worker that was stopping");
                jobs[id].Attempts.ShouldBe(1, "not redelivered");
            }
        }
        finally
        {
            await system.RestartWorkerAsync(1);
        }
    }

    [Fact]
    public async Task A_corrupt_upload_is_dead_lettered_with_its_reason_and_replay_sends_it_back()
    {
        var full = JobsClient.Jpeg(1200, 900);
        var id = await Http.UploadAsync(TestImages.TruncatedJpeg(1200, 900));

        var failed = (await Http.WaitForEndAsync([id], Deadline))[id];
        failed.State.ShouldBe("Failed");
        failed.FailureReason.ShouldNotBeNull().ShouldContain("JPEG data ends before the whole image is decoded");
        failed.Attempts.ShouldBe(1, "a corrupt image is not retried");

        JsonElement letter = default;
        await Eventually.Until(async () =>
        {
            var dlq = await Http.GetFromJsonAsync<JsonElement>("dlq");
            letter = dlq.GetProperty("messages").EnumerateArray().FirstOrDefault(m => m.GetProperty("jobId").GetGuid() == id);
            return letter.ValueKind == JsonValueKind.Object;
        }, "the job's message in process-image_error", TimeSpan.FromSeconds(20));
        letter.GetProperty("queue").GetString().ShouldBe("process-image_error");
        letter.GetProperty("reason").GetString()!.ShouldContain("corrupt or truncated");
        letter.GetProperty("exceptionType").GetString()!.ShouldEndWith("ImageRejectedException");
        letter.GetProperty("kind").GetString().ShouldBe("Corrupt");
        (await system.ServersAsync("queues")).ShouldMatch(@"process-image_error\s+\S+\s+[1-9]"); // name, type, ready

        // Repair the stored original, as an operator would, then replay just this job's message.
        var job = await Http.GetFromJsonAsync<JsonElement>($"jobs/{id}");
        await system.Storage.PutAsync(ObjectKeysOf(job), full, "image/jpeg");
        var replay = await (await Http.PostAsync($"dlq/replay?jobId={id}", null)).Content.ReadFromJsonAsync<JsonElement>();
        replay.GetProperty("replayed").GetInt32().ShouldBe(1);

        var done = await WaitForStateAsync(id, "Completed");
        done.Attempts.ShouldBe(2);
        done.FailureReason.ShouldBeNull();
    }

    [Fact]
    public async Task Uploads_accepted_while_the_broker_is_down_are_published_when_it_returns()
    {
        var outboxHeldBefore = OutboxHeldJobs();
        await system.ServersAsync("broker", "stop");
        List<Guid> ids;
        try
        {
            ids = await Http.UploadManyAsync(10, OneMegapixel);
            // The fact to wait for: the outbox tried to send them, failed, and kept them (it says so once per outage).
            await Eventually.Until(() => OutboxHeldJobs() > outboxHeldBefore, "the Api's outbox to report that accepted jobs wait for the broker",
                TimeSpan.FromSeconds(60));
            foreach (var id in ids) (await Http.GetJobAsync(id)).State.ShouldBe("Queued", "nothing can run without the broker");
        }
        finally
        {
            await system.ServersAsync("broker", "start");
        }

        var jobs = await Http.WaitForEndAsync(ids, Deadline);
        jobs.Values.ShouldAllBe(j => j.State == "Completed");
    }

    [Fact]
    public async Task A_storage_outage_gets_503s_for_uploads_and_jobs_retry_through_it()
    {
        // Slow jobs, so most are still waiting for a worker when the storage goes away.
        var ids = await Http.UploadManyAsync(12, TwelveMegapixels.Value, SlowOperations);
        await system.ServersAsync("storage", "stop");
        try
        {
            using var refused = await Http.PostAsync(OneMegapixel);
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await refused.Content.ReadAsStringAsync()).ShouldContain("Storage unavailable");
            // Keep the storage down until a job has met the outage: a worker retried it, or gave up on it.
            await Eventually.Until(async () =>
            {
                foreach (var id in ids)
                    if (await Http.GetJobAsync(id) is { Attempts: >= 2 } or { State: "Failed" }) return true;
                return false;
            }, "a job to meet the storage outage (retried or failed)", Deadline);
        }
        finally
        {
            await system.ServersAsync("storage", "start");
        }

        // None hang: each job ends, Completed after its retries, or Failed with a reason that says why.
        var jobs = await Http.WaitForEndAsync(ids, Deadline);
        jobs.Values.Where(j => j.State == "Failed").ShouldAllBe(j => !string.IsNullOrEmpty(j.FailureReason));
        jobs.Values.Count(j => j.State == "Completed").ShouldBeGreaterThan(0);
        jobs.Values.ShouldContain(j => j.Attempts >= 2, "some jobs met the outage and were retried");
    }

    /// <summary>
    /// Longer than the workers' quick retries (about 10 s): each job they cannot finish is handed back and sent again
    /// later by the Api's outbox, so none fails and no consumer slot waits out the outage.
    /// </summary>
    [Fact]
    public async Task A_two_minute_storage_outage_fails_no_accepted_job()
    {
        var ids = await Http.UploadManyAsync(16, TwelveMegapixels.Value, SlowOperations);
        await system.ServersAsync("storage", "stop");
        try
        {
            // The outage itself is the scenario: it lasts two minutes whatever the jobs do meanwhile.
            await Task.Delay(TimeSpan.FromMinutes(2));
        }
        finally
        {
            await system.ServersAsync("storage", "start");
        }

        var jobs = await Http.WaitForEndAsync(ids, TimeSpan.FromSeconds(180));
        jobs.Values.ShouldAllBe(j => j.State == "Completed", string.Join("; ", jobs.Values.Where(j => j.State != "Completed").Select(j => $"{j.Id} {j.State}: {j.FailureReason}")));
        var handedBack = jobs.Values.Where(j => j.Deferrals > 0).ToList();
        handedBack.ShouldNotBeEmpty("jobs met the outage and were handed back");
        Console.WriteLine($"2-minute storage outage: {ids.Count} accepted, {jobs.Values.Count(j => j.State == "Completed")} completed, "
            + $"{handedBack.Count} handed back ({handedBack.Sum(j => j.Deferrals)} hand-backs, at most {handedBack.Max(j => j.Deferrals)} for one job)");
    }

    /// <summary>Waits until <paramref name="workerId"/> is processing at least one of the jobs, and returns those.</summary>
    async Task<List<Guid>> JobsHeldByAsync(IReadOnlyCollection<Guid> ids, string workerId)
    {
        var held = new List<Guid>();
        await Eventually.Until(async () =>
        {
            held.Clear();
            foreach (var id in ids)
                if (await Http.GetJobAsync(id) is { State: "Processing" } job && job.WorkerId == workerId) held.Add(id);
            return held.Count > 0;
        }, $"{workerId} to be holding a job", TimeSpan.FromSeconds(60));
        return held;
    }

    async Task<Job> WaitForStateAsync(Guid id, string state)
    {
        return await Eventually.Until(() => Http.GetJobAsync(id), job => job.State == state, $"job {id} to be {state}", Deadline);
    }

    /// <summary>How often the Api's log says the outbox is holding accepted jobs because the broker is down.</summary>
    int OutboxHeldJobs() => Regex.Count(system.Api.LogText(), "accepted jobs wait in the outbox");

    static string ObjectKeysOf(JsonElement job) =>
        ObjectKeys.Original(job.GetProperty("id").GetGuid(), "jpg");
}
