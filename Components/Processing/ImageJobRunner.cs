using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using Queues.Contracts;
using Queues.Imaging;
using Queues.ServiceDefaults.Storage;

namespace Queues.Components.Processing;

/// <summary>One attempt at a job: says it started, fetches the original, runs the operations, stores the results under keys fixed per job, and says so.</summary>
public sealed class ImageJobRunner(
    IObjectStore store,
    ImagePipeline pipeline,
    WorkerActivity activity,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    ILogger<ImageJobRunner> logger)
{
    /// <summary><paramref name="stop"/> fires on cancellation: checked between the steps, and inside libvips' evaluation.</summary>
    public async Task RunAsync(ConsumeContext<ProcessImage> context, CancellationToken stop)
    {
        var job = context.Message;
        var workerId = options.Value.EffectiveId;
        var publishLimit = options.Value.PublishTimeout;
        var startedAt = DateTime.UtcNow;
        // A publish that failed may still have reached the broker (its confirm lost with the connection): the retry
        // sends the same message id, which the Api counts once. Counted here once it is sent, so the two counts agree.
        var announcement = context.ReceiveContext.GetOrAddPayload(() => new StartAnnouncement());
        announcement.MessageId ??= NewId.NextGuid();
        try
        {
            await context.PublishWithin(new ImageProcessingStarted(job.JobId, workerId, context.GetRetryAttempt() + 1,
                context.ReceiveContext.Redelivered, startedAt, DeliveryCount(context.ReceiveContext)), publishLimit, announcement.MessageId);
        }
        catch
        {
            // If the connection went with the confirm, the delivery goes back to the queue and its retry never sends this
            // id again: the Api may count an attempt that was not counted here.
            metrics.AnnouncementUnconfirmed(workerId);
            throw;
        }
        announcement.MessageId = null;
        metrics.AttemptStarted(workerId);

        using var scope = activity.Begin(job.JobId);
        using var inFlight = metrics.TrackInFlight(workerId);
        var renditions = job.Renditions is { Length: > 0 } named ? named : null;
        var plans = renditions?.Select(r => OperationParser.FromMessage(r.Operations, r.OutputFormat, r.Quality)).ToList()
            ?? [OperationParser.FromMessage(job.Operations, job.OutputFormat, job.Quality)];

        var original = await store.GetAsync(job.OriginalKey, stop)
            ?? throw new ImageRejectedException(FailureKind.MissingOriginal, $"The original image '{job.OriginalKey}' is not in storage.");

        var clock = Stopwatch.StartNew();
        var progress = new ProgressReporter(context, job.JobId, workerId, logger);
        var results = pipeline.RunAll(original, plans, progress, stop);
        var processingMs = clock.Elapsed.TotalMilliseconds;

        var keys = results.Select((r, i) => renditions is null
            ? ObjectKeys.Result(job.JobId, r.Extension) : ObjectKeys.Result(job.JobId, renditions[i].Name, r.Extension)).ToList();
        // Not stored once cancelled: a deleted job must not get its results back.
        stop.ThrowIfCancellationRequested();
        await Task.WhenAll(results.Select((r, i) => store.PutAsync(keys[i], r.Bytes, r.ContentType, stop)));

        var result = results[0];
        await context.PublishWithin(new ImageProcessed(job.JobId, workerId, keys[0], result.ContentType, result.Width,
            result.Height, result.Bytes.LongLength, job.Operations, processingMs, job.QueuedAt, startedAt, DateTime.UtcNow,
            result.Summary.BlurHash, result.Summary.DominantColour,
            renditions?.Select((r, i) => new RenditionResult(r.Name, keys[i], results[i].ContentType, results[i].Width, results[i].Height,
                results[i].Bytes.LongLength, results[i].Summary.BlurHash, results[i].Summary.DominantColour)).ToArray()), publishLimit);
        scope.Succeeded();
        logger.LogDebug("Job {JobId} done in {Ms:0} ms: {Width}x{Height} {Type}", job.JobId, processingMs, result.Width, result.Height, result.ContentType);
    }

    /// <summary>
    /// Which delivery of the command this is: a quorum queue counts earlier deliveries in x-delivery-count (absent on the
    /// first); a classic queue only says whether there was one before, so a redelivery there has no number.
    /// </summary>
    static int? DeliveryCount(ReceiveContext receive)
    {
        if (receive.TransportHeaders.TryGetHeader("x-delivery-count", out var earlier) && earlier is not null
            && long.TryParse(Convert.ToString(earlier, System.Globalization.CultureInfo.InvariantCulture), out var count))
            return (int)count + 1;
        return receive.Redelivered ? null : 1;
    }

    /// <summary>The id of a start event not yet known to be sent, kept across the in-process retries of one delivery.</summary>
    sealed class StartAnnouncement
    {
        public Guid? MessageId { get; set; }
    }
}
