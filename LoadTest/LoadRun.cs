using System.Diagnostics;
using Queues.LoadTest.Cli;
using Queues.LoadTest.Client;
using Queues.LoadTest.Images;
using Queues.LoadTest.Reports;
using Queues.LoadTest.Results;
using Queues.LoadTest.Scheduling;
using Queues.Plotting;

namespace Queues.LoadTest;

/// <summary>
/// One run: uploads on the schedule, watches every accepted job until it finishes or the deadline passes,
/// then sums it up. Upload latency is the POST's answer time; end-to-end is from the start of the upload
/// until this client sees the job Completed — what a user waits for.
/// </summary>
public sealed class LoadRun(RunOptions options, IReadOnlyList<SampleImage> images, QueuesClient client)
{
    public async Task<(RunResult Result, IReadOnlyList<JobRecord> Records)> ExecuteAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        double Now() => clock.Elapsed.TotalMilliseconds;
        var records = options.Arrivals
            .Select(a => new JobRecord(a.Index, a.At.TotalMilliseconds, images[a.Index % images.Count].Name)).ToArray();
        var watcher = new CompletionWatcher(client, Now);
        var depth = options.Rabbit is null ? null : new QueueDepthProbe(options.Rabbit, options.Queue);

        using var background = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = watcher.RunAsync(background.Token);
        var probing = depth?.RunAsync(Now, background.Token) ?? Task.CompletedTask;
        var progress = ProgressView.RunAsync(() => ProgressView.Snapshot.Of(records, Now(), watcher.Outstanding, depth?.Latest),
            options.Live, background.Token);
        // Uploads start once the event stream is open, or the first jobs could finish before it is there to say so;
        // a stream that does not answer within 5 s does not hold the run up: polling covers until it opens.
        try { await watcher.Connected.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken); }
        catch (TimeoutException) { }
        var startedAt = DateTime.UtcNow;

        var outcome = await new Scheduler(TimeProvider.System).RunAsync(options.Arrivals, options.Concurrency,
            (arrival, token) => UploadAsync(records[arrival.Index], images[arrival.Index % images.Count], watcher, Now, token),
            cancellationToken);
        await watcher.FinishAsync(options.Deadline, cancellationToken);

        await background.CancelAsync();
        await Task.WhenAll(watching, probing, progress);

        var setup = new RunSetup(options.Label ?? options.Scenario, options.Scenario, options.Command, startedAt,
            options.Url.ToString(), ImagesText(), options.Operations, options.Arrivals.Count);
        var result = RunSummary.Build(setup, records, watcher.Source, outcome.MaxLag.TotalMilliseconds, depth?.PeakBySecond, watcher.Reads);
        // The records' times count from the clock's start, so the marks do too.
        var marks = ProjectorStyle.ReadMarks(options.Marks, DateTime.UtcNow - clock.Elapsed);
        return (result with { Title = options.Title, Marks = marks }, records);
    }

    async Task UploadAsync(JobRecord record, SampleImage image, CompletionWatcher watcher, Func<double> now, CancellationToken cancellationToken)
    {
        record.Sent = true;
        record.SentMs = now();
        try
        {
            var (status, job, error) = await client.UploadAsync(image, options.Operations, cancellationToken);
            record.UploadMs = now() - record.SentMs;
            (record.Status, record.Error) = (status, error);
            if (job is null) return;
            record.JobId = job.Id;
            record.Outcome = "Queued";
            watcher.Track(record);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // No answer at all (refused, reset, timed out): a rejected request with status 0.
            record.UploadMs = now() - record.SentMs;
            record.Error = e.Message;
        }
    }

    string ImagesText() => options.ImagesFolder ?? string.Join(", ", images.Select(i => $"{i.Name} ({i.Bytes.Length / 1024} KB)"));
}
