using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using Queues.Contracts;
using Queues.ServiceDefaults.Storage;
using Queues.Worker.Imaging;

namespace Queues.Worker;

public sealed class ProcessImageConsumer(
    IObjectStore store,
    ImagePipeline pipeline,
    WorkerActivity activity,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    ILogger<ProcessImageConsumer> logger) : IConsumer<ProcessImage>
{
    public async Task Consume(ConsumeContext<ProcessImage> context)
    {
        var job = context.Message;
        var workerId = options.Value.EffectiveId;
        var startedAt = DateTime.UtcNow;
        await context.Publish(new ImageProcessingStarted(job.JobId, workerId, context.GetRetryAttempt() + 1,
            context.ReceiveContext.Redelivered, startedAt));

        using var scope = activity.Begin(job.JobId);
        using var inFlight = metrics.TrackInFlight(workerId);
        var plan = OperationParser.FromMessage(job.Operations, job.OutputFormat, job.Quality);

        var original = await store.GetAsync(job.OriginalKey, context.CancellationToken)
            ?? throw new ImageRejectedException(RejectionKind.MissingOriginal, $"The original image '{job.OriginalKey}' is not in storage.");

        var clock = Stopwatch.StartNew();
        var result = pipeline.Run(original, plan);
        var processingMs = clock.Elapsed.TotalMilliseconds;

        var resultKey = ObjectKeys.Result(job.JobId, result.Extension);
        await store.PutAsync(resultKey, result.Bytes, result.ContentType, context.CancellationToken);

        await context.Publish(new ImageProcessed(job.JobId, workerId, resultKey, result.ContentType, result.Width,
            result.Height, result.Bytes.LongLength, job.Operations, processingMs, job.QueuedAt, startedAt, DateTime.UtcNow));
        scope.Succeeded();
        logger.LogDebug("Job {JobId} done in {Ms:0} ms: {Width}x{Height} {Type}", job.JobId, processingMs, result.Width, result.Height, result.ContentType);
    }
}
