using System.Collections.Concurrent;
using Queues.LoadTest.Results;

namespace Queues.LoadTest.Client;

/// <summary>
/// Notices when accepted jobs finish. With <c>GET /events</c> (SSE) the stream alone says so, the moment a job's state
/// changes: no job is polled while it is up. Polling is the fallback: the whole run when the API has no stream, and
/// while a dropped stream reconnects (then one look at the newest finished jobs catches up on what the gap hid).
/// Every read it makes is counted (<see cref="Reads"/>), so a report shows what the watching cost the system measured.
/// </summary>
public sealed class CompletionWatcher(QueuesClient client, Func<double> nowMs)
{
    // Polling, a few jobs in flight: each is read every 10 ms, so light-load latency is exact to about 10 ms.
    // Many: one job per 25 ms tick plus a page of finished jobs every 250 ms, a bounded cost to the API.
    static readonly TimeSpan FastTick = TimeSpan.FromMilliseconds(10);
    static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(25);
    static readonly TimeSpan ReconnectAfter = TimeSpan.FromSeconds(1);
    const int PollAllBelow = 4;
    const double ListEveryMs = 250;

    readonly ConcurrentDictionary<Guid, Entry> outstanding = new();
    readonly ConcurrentDictionary<Guid, (double At, string State)> seenEarly = new();
    readonly ConcurrentQueue<JobRecord> untimed = new();
    readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    volatile bool streaming, catchUp;
    bool streamed;
    int jobPolls, pagePolls, drops, timingReads;

    sealed class Entry(JobRecord record)
    {
        public JobRecord Record { get; } = record;
        public double LastPolledMs { get; set; }
    }

    /// <summary>How finished jobs were seen: "sse" if the event stream was up at any time during the run.</summary>
    public string Source => streamed ? "sse" : "polling";
    public int Outstanding => outstanding.Count;
    public WatchReads Reads => new(jobPolls, pagePolls, timingReads, drops);

    /// <summary>
    /// Done once the first try to open the event stream has an answer, either way. Uploads start after it: a job
    /// that finished before the stream was open would otherwise be seen only by the last look at the deadline.
    /// </summary>
    public Task Connected => connected.Task;

    public void Track(JobRecord record)
    {
        var id = record.JobId!.Value;
        outstanding[id] = new Entry(record) { LastPolledMs = nowMs() };
        // With SSE the change can arrive before the upload's answer has been read.
        if (seenEarly.TryRemove(id, out var early)) Seen(id, early.State, early.At);
    }

    /// <summary>Watches until cancelled: the event stream if the API has one, polling whenever it is not up.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var events = ListenAsync(cancellationToken);
        await PollAsync(cancellationToken);
        await events;
    }

    /// <summary>Waits for every tracked job to finish or the deadline; what is still open then is Lost.</summary>
    public async Task FinishAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var until = nowMs() + deadline.TotalMilliseconds;
        while (!outstanding.IsEmpty && nowMs() < until) await Task.Delay(Tick, cancellationToken);
        // One last look at each, so "lost" never means "the watcher had not got round to it" (the API also drops
        // events to a reader that falls 2000 behind).
        foreach (var entry in outstanding.Values.ToList()) await PollOneAsync(entry, cancellationToken);
        foreach (var entry in outstanding.Values.ToList())
            if (outstanding.TryRemove(entry.Record.JobId!.Value, out _)) entry.Record.Outcome = "Lost";
        timingReads += await ServerTimings.ReadAsync(client, untimed.Where(r => r.Outcome == "Completed").ToList(), cancellationToken);
    }

    async Task ListenAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using (var response = await EventStream.TryOpenAsync(client.Http, cancellationToken))
                {
                    if (response is null && !streamed) return; // no stream at all: polling is how jobs are seen
                    if (response is not null) await StreamAsync(response, cancellationToken);
                }
                await Task.Delay(ReconnectAfter, cancellationToken);
            }
        }
        catch (OperationCanceledException) { }
        finally { connected.TrySetResult(); }
    }

    async Task StreamAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        streaming = streamed = true;
        catchUp = !outstanding.IsEmpty; // changes made before the stream (re)opened are not replayed
        connected.TrySetResult();
        try
        {
            await foreach (var change in EventStream.ReadAsync(response, cancellationToken))
                if (change.State is "Completed" or "Failed")
                {
                    if (outstanding.ContainsKey(change.JobId)) Seen(change.JobId, change.State, nowMs());
                    else seenEarly[change.JobId] = (nowMs(), change.State);
                }
        }
        catch (Exception e) when (e is HttpRequestException or IOException) { }
        finally { streaming = false; }
        if (!cancellationToken.IsCancellationRequested) drops++;
    }

    async Task PollAsync(CancellationToken cancellationToken)
    {
        var lastList = 0.0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = nowMs();
                if (streaming && catchUp)
                {
                    catchUp = false;
                    await PollListAsync(cancellationToken);
                }
                else if (!streaming && !outstanding.IsEmpty)
                {
                    var due = outstanding.Values.OrderBy(e => e.LastPolledMs).Take(outstanding.Count <= PollAllBelow ? PollAllBelow : 1).ToList();
                    await Task.WhenAll(due.Select(e => PollOneAsync(e, cancellationToken)));
                    if (outstanding.Count > PollAllBelow && now - lastList >= ListEveryMs)
                    {
                        lastList = now;
                        await PollListAsync(cancellationToken);
                    }
                }
                await Task.Delay(outstanding.Count <= PollAllBelow ? FastTick : Tick, cancellationToken);
            }
        }
        catch (OperationCanceledException) { }
    }

    async Task PollOneAsync(Entry entry, CancellationToken cancellationToken)
    {
        entry.LastPolledMs = nowMs();
        Interlocked.Increment(ref jobPolls);
        try
        {
            if (await client.GetAsync(entry.Record.JobId!.Value, cancellationToken) is { IsFinished: true } job) Finish(job, nowMs());
        }
        catch (HttpRequestException) { } // an overloaded API: try again next tick
    }

    async Task PollListAsync(CancellationToken cancellationToken)
    {
        try
        {
            Interlocked.Add(ref pagePolls, 2);
            var completed = await client.ListAsync("Completed", 200, 1, cancellationToken);
            var failed = await client.ListAsync("Failed", 50, 1, cancellationToken);
            var seenAt = nowMs();
            foreach (var job in completed.Concat(failed)) Finish(job, seenAt);
        }
        catch (HttpRequestException) { }
    }

    void Seen(Guid id, string state, double at)
    {
        if (!outstanding.TryRemove(id, out var entry)) return;
        entry.Record.FinishedMs = at;
        entry.Record.Outcome = state;
        untimed.Enqueue(entry.Record); // the event has no timings: read after the run, many jobs per request
    }

    void Finish(JobStatus job, double seenAt)
    {
        if (!outstanding.TryRemove(job.Id, out var entry)) return;
        entry.Record.FinishedMs = seenAt;
        entry.Record.Outcome = job.State;
        ServerTimings.Copy(job, entry.Record);
    }
}

/// <summary>What watching a run cost the API: job reads and page reads to see states, reads for timings, stream drops.</summary>
public sealed record WatchReads(int JobPolls, int PagePolls, int TimingReads, int StreamDrops)
{
    public int Polls => JobPolls + PagePolls;
}
