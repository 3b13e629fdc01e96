using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using Queues.Components.Failures;
using Queues.Contracts;
using Queues.Imaging;
using Queues.ServiceDefaults.Messaging;
using Queues.ServiceDefaults.Storage;

namespace Queues.Components.Processing;

/// <summary>Fetches the original, runs the operations, stores the result under a key fixed per job, and says so.</summary>
public sealed class ProcessImageConsumer(
    IObjectStore store,
    ImagePipeline pipeline,
    WorkerActivity activity,
    WorkerMetrics metrics,
    JobCancellations cancellations,
    ProcessingSwitch processing,
    IOptions<WorkerOptions> options,
    IOptions<BusOptions> bus,
    ILogger<ProcessImageConsumer> logger) : IConsumer<ProcessImage>
{
    TimeSpan PublishLimit => options.Value.PublishTimeout;

    public async Task Consume(ConsumeContext<ProcessImage> context)
    {
        var workerId = options.Value.EffectiveId;
        if (activity.Draining)
        {
            // The standalone app is stopping, and its in-memory bus would hand it every queued job before it could
            // stop. Taking none leaves each of them recorded as sent but unfinished, and the next start sends it again.
            logger.LogDebug("Job {JobId} left for the next start: stopping", context.Message.JobId);
            return;
        }
        if (processing.PauseWanted)
        {
            // Delivered while the endpoint was being removed (a prefetched message waiting for a slot): not started, so it
            // goes back to the queue's tail, where it waits with the others until processing resumes.
            logger.LogDebug("Job {JobId} handed back to {Queue}: processing is paused", context.Message.JobId, QueueNames.ProcessImage);
            await context.Forward(await context.GetSendEndpoint(ProcessImageTopology.SendAddress(bus.Value)), context.Message);
            return;
        }
        if (cancellations.IsCancelled(context.Message.JobId))
        {
            // Sent before the Api cancelled it: acknowledged, never started.
            await ReportCancelledAsync(context, workerId, started: false);
            return;
        }
        using var running = cancellations.Track(context.Message.JobId, context.CancellationToken);
        try
        {
            await ProcessAsync(context, workerId, running.Token);
        }
        catch (OperationCanceledException) when (running.Cancelled && !context.CancellationToken.IsCancellationRequested)
        {
            // Stopped at a safe point: the message is acknowledged, not retried nor dead-lettered.
            await ReportCancelledAsync(context, workerId, started: true);
        }
        catch (Exception e) when (e is not ImageRejectedException && context.GetRetryAttempt() >= options.Value.RetryLimit
                                   && !context.CancellationToken.IsCancellationRequested)
        {
            // The quick retries ran out on a fault that may pass (storage or network down). Failing the job would lose
            // it to an outage; waiting here would hold a consumer slot for minutes. Hand it back: the Api sends it again.
            logger.LogWarning("Job {JobId} given back after {Attempts} attempts, to be sent again later: {Reason}",
                context.Message.JobId, context.GetRetryAttempt() + 1, e.Message);
            await context.PublishWithin(new ImageProcessingDeferred(context.Message.JobId, workerId,
                $"{e.GetType().Name}: {e.Message}", DateTime.UtcNow), PublishLimit);
        }
        catch (Exception e)
        {
            // MassTransit copies exception data into the fault: the notifier's failure line can then name the worker.
            e.Data[FaultFacts.WorkerKey] = workerId;
            if (e is ImageRejectedException rejected)
                logger.LogWarning("Job {JobId} rejected ({Kind}): {Reason}", context.Message.JobId, rejected.Kind, rejected.Message);
            throw;
        }
    }

    Task ReportCancelledAsync(ConsumeContext<ProcessImage> context, string workerId, bool started)
    {
        logger.LogInformation("Job {JobId} cancelled; {What}", context.Message.JobId, started ? "stopped" : "skipped");
        return context.PublishWithin(new ImageProcessingCancelled(context.Message.JobId, workerId, started, DateTime.UtcNow), PublishLimit);
    }

    /// <summary><paramref name="stop"/> fires on cancellation: checked between the steps, and inside libvips' evaluation.</summary>
    async Task ProcessAsync(ConsumeContext<ProcessImage> context, string workerId, CancellationToken stop)
    {
        var job = context.Message;
        var startedAt = DateTime.UtcNow;
        // A publish that failed may still have reached the broker (its confirm lost with the connection): the retry
        // sends the same message id, which the Api counts once. Counted here once it is sent, so the two counts agree.
        var announcement = context.ReceiveContext.GetOrAddPayload(() => new StartAnnouncement());
        announcement.MessageId ??= NewId.NextGuid();
        await context.PublishWithin(new ImageProcessingStarted(job.JobId, workerId, context.GetRetryAttempt() + 1,
            context.ReceiveContext.Redelivered, startedAt), PublishLimit, announcement.MessageId);
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
                results[i].Bytes.LongLength, results[i].Summary.BlurHash, results[i].Summary.DominantColour)).ToArray()), PublishLimit);
        scope.Succeeded();
        logger.LogDebug("Job {JobId} done in {Ms:0} ms: {Width}x{Height} {Type}", job.JobId, processingMs, result.Width, result.Height, result.ContentType);
    }
}

/// <summary>The id of a start event not yet known to be sent, kept across the in-process retries of one delivery.</summary>
sealed class StartAnnouncement
{
    public Guid? MessageId { get; set; }
}
