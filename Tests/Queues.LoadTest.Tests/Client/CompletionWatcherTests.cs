using System.Diagnostics;
using Queues.LoadTest.Client;
using Queues.LoadTest.Results;

namespace Queues.LoadTest.Tests.Client;

/// <summary>The completion watcher against an in-memory API whose event stream the test writes and drops.</summary>
public sealed class CompletionWatcherTests : IAsyncLifetime
{
    readonly FakeJobsApi api = new();
    readonly CancellationTokenSource stop = new();
    readonly CompletionWatcher watcher;
    Task? watching;

    public CompletionWatcherTests()
    {
        var clock = Stopwatch.StartNew();
        var client = new QueuesClient(new HttpClient(api) { BaseAddress = new Uri("http://api.test") });
        watcher = new CompletionWatcher(client, () => clock.Elapsed.TotalMilliseconds);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Each test starts it once it has offered (or not) an event stream, as a load run does before uploading.</summary>
    Task StartAsync()
    {
        watching = watcher.RunAsync(stop.Token);
        return watcher.Connected;
    }

    JobRecord Accepted(int index)
    {
        var record = new JobRecord(index, 0, "photo.jpg") { Sent = true, Status = 202, JobId = Guid.NewGuid(), Outcome = "Queued" };
        watcher.Track(record);
        return record;
    }

    [Fact]
    public async Task With_the_event_stream_up_jobs_are_seen_from_it_alone_and_no_job_is_polled()
    {
        var stream = api.OfferStream();
        await StartAsync();
        var jobs = Enumerable.Range(0, 3).Select(Accepted).ToList();

        foreach (var job in jobs)
        {
            api.States[job.JobId!.Value] = "Completed";
            await FakeJobsApi.SendAsync(stream, job.JobId.Value, "Completed");
        }
        await watcher.FinishAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        jobs.ShouldAllBe(j => j.Outcome == "Completed");
        watcher.Source.ShouldBe("sse");
        watcher.Reads.Polls.ShouldBe(0);
        api.JobReads.ShouldBe(0, "no GET /jobs/{id} while the stream is up");
        watcher.Reads.TimingReads.ShouldBe(1, "the server's timings of all three come in one page after the run");
        jobs.ShouldAllBe(j => j.ProcessingMs == 12.5 && j.ServerEndToEndMs == 40.0);
    }

    [Fact]
    public async Task When_the_stream_drops_polling_catches_up_and_every_poll_is_counted()
    {
        var stream = api.OfferStream(); // and no second one: the API stays without a stream after the drop
        await StartAsync();
        var announced = Accepted(0);
        var missed = Accepted(1);

        api.States[announced.JobId!.Value] = "Completed";
        await FakeJobsApi.SendAsync(stream, announced.JobId.Value, "Completed");
        api.States[missed.JobId!.Value] = "Completed"; // finishes as the stream drops: no event says so
        await stream.CompleteAsync();
        await watcher.FinishAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        announced.Outcome.ShouldBe("Completed");
        missed.Outcome.ShouldBe("Completed", "polling saw what the dropped stream did not say");
        watcher.Reads.StreamDrops.ShouldBe(1);
        watcher.Reads.Polls.ShouldBeGreaterThan(0);
        watcher.Reads.Polls.ShouldBe(api.JobReads + api.PageReads - watcher.Reads.TimingReads, "every read the API served is counted");
    }

    [Fact]
    public async Task Without_an_event_stream_jobs_are_seen_by_polling()
    {
        await StartAsync();
        var job = Accepted(0);

        api.States[job.JobId!.Value] = "Failed";
        await watcher.FinishAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        job.Outcome.ShouldBe("Failed");
        watcher.Source.ShouldBe("polling");
        watcher.Reads.JobPolls.ShouldBe(api.JobReads);
        watcher.Reads.JobPolls.ShouldBeGreaterThan(0);
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        if (watching is not null) await watching;
        stop.Dispose();
    }
}
