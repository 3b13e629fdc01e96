using System.Collections.Concurrent;
using Queues.LoadTest.Results;

namespace Queues.LoadTest.Client;

/// <summary>
/// Notices when accepted jobs finish. With <c>GET /events</c> (SSE) a job is seen the moment its state changes;
/// without it, the watcher polls: every job while few are outstanding, and under load a page of the newest
/// Completed/Failed jobs plus one job at a time, so the polling itself stays a small, bounded load on the
/// system it measures.
/// </summary>
public sealed class CompletionWatcher(QueuesClient client, Func<double> nowMs)
{
    // A few jobs in flight: each is read every 10 ms, so light-load latency is exact to about 10 ms.
    // Many: one job per 25 ms tick plus a page of finished jobs every 250 ms, a bounded cost to the API.
    static readonly TimeSpan FastTick = TimeSpan.FromMilliseconds(10);
    static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(25);
    const int PollAllBelow = 4;
    const double ListEveryMs = 250;

    readonly ConcurrentDictionary<Guid, Entry> outstanding = new();
    readonly ConcurrentDictionary<Guid, (double At, string State)> seenEarly = new();
    readonly ConcurrentBag<Task> detailReads = [];
    volatile bool streaming;
    bool streamed;

    sealed class Entry(JobRecord record)
    {
        public JobRecord Record { get; } = record;
        public double LastPolledMs { get; set; }
    }

    /// <summary>How finished jobs were seen: "sse" if the event stream was up at any time during the run.</summary>
    public string Source => streamed ? "sse" : "polling";
    public int Outstanding => outstanding.Count;

    public void Track(JobRecord record)
    {
        var id = record.JobId!.Value;
        outstanding[id] = new Entry(record) { LastPolledMs = nowMs() };
        // With SSE the change can arrive before the upload's answer has been read.
        if (seenEarly.TryRemove(id, out var early)) Seen(id, early.State, early.At);
    }

    /// <summary>Watches until cancelled: the event stream if the API has one, and polling in any case.</summary>
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
        // One last look at each, so "lost" never means "the poller had not got round to it".
        foreach (var entry in outstanding.Values.ToList()) await PollOneAsync(entry, cancellationToken);
        foreach (var entry in outstanding.Values.ToList())
            if (outstanding.TryRemove(entry.Record.JobId!.Value, out _)) entry.Record.Outcome = "Lost";
        await Task.WhenAll(detailReads);
    }

    async Task ListenAsync(CancellationToken cancellationToken)
    {
        using var response = await EventStream.TryOpenAsync(client.Http, cancellationToken);
        if (response is null) return;
        streaming = streamed = true;
        try
        {
            await foreach (var change in EventStream.ReadAsync(response, cancellationToken))
                if (change.State is "Completed" or "Failed")
                {
                    if (outstanding.ContainsKey(change.JobId)) Seen(change.JobId, change.State, nowMs());
                    else seenEarly[change.JobId] = (nowMs(), change.State);
                }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException) { }
        finally { streaming = false; }
    }

    async Task PollAsync(CancellationToken cancellationToken)
    {
        var lastList = 0.0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = nowMs();
                // With SSE, polling only catches an event the stream dropped; without, it is how jobs are seen.
                var due = outstanding.Values.Where(e => !streaming || now - e.LastPolledMs > 2000)
                    .OrderBy(e => e.LastPolledMs).Take(outstanding.Count <= PollAllBelow ? PollAllBelow : 1).ToList();
                await Task.WhenAll(due.Select(e => PollOneAsync(e, cancellationToken)));

                if (!streaming && outstanding.Count > PollAllBelow && now - lastList >= ListEveryMs)
                {
                    lastList = now;
                    await PollListAsync(cancellationToken);
                }
                await Task.Delay(outstanding.Count <= PollAllBelow ? FastTick : Tick, cancellationToken);
            }
        }
        catch (OperationCanceledException) { }
    }

    async Task PollOneAsync(Entry entry, CancellationToken cancellationToken)
    {
        entry.LastPolledMs = nowMs();
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
            var completed = await client.ListAsync("Completed", 200, cancellationToken);
            var failed = await client.ListAsync("Failed", 50, cancellationToken);
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
        // The event has no timings; read the job once for the server's own numbers.
        detailReads.Add(Task.Run(async () =>
        {
            try
            {
                if (await client.GetAsync(id, CancellationToken.None) is { } job) Timings(entry.Record, job);
            }
            catch (HttpRequestException) { }
        }));
    }

    void Finish(JobStatus job, double seenAt)
    {
        if (!outstanding.TryRemove(job.Id, out var entry)) return;
        entry.Record.FinishedMs = seenAt;
        entry.Record.Outcome = job.State;
        Timings(entry.Record, job);
    }

    static void Timings(JobRecord record, JobStatus job)
    {
        record.ServerEndToEndMs = job.EndToEndMs;
        record.ProcessingMs = job.ProcessingMs;
    }
}
