using MassTransit;
using Microsoft.Extensions.Options;
using Queues.Components.Failures;
using Queues.Contracts;
using Queues.Imaging;

namespace Queues.Components.Processing;

/// <summary>
/// A delivery of <see cref="ProcessImage"/>: the <see cref="DeliveryGate"/> may turn it away, the
/// <see cref="ImageJobRunner"/> makes the attempt, and this decides what an attempt that threw means: a cancellation,
/// a fault to hand back to the Api, or a failure that goes to MassTransit's retries and the error queue.
/// </summary>
public sealed class ProcessImageConsumer(
    DeliveryGate gate,
    ImageJobRunner runner,
    JobCancellations cancellations,
    WorkerActivity activity,
    IOptions<WorkerOptions> options,
    ILogger<ProcessImageConsumer> logger) : IConsumer<ProcessImage>
{
    public async Task Consume(ConsumeContext<ProcessImage> context)
    {
        if (await gate.TurnAwayAsync(context)) return;
        var workerId = options.Value.EffectiveId;
        using var running = cancellations.Track(context.Message.JobId, context.CancellationToken);
        try
        {
            await runner.RunAsync(context, running.Token);
        }
        catch (OperationCanceledException) when (running.Cancelled && !context.CancellationToken.IsCancellationRequested)
        {
            // Stopped at a safe point: the message is acknowledged, not retried nor dead-lettered.
            await gate.ReportCancelledAsync(context, started: true);
        }
        catch (Exception e) when (e is not ImageRejectedException && context.GetRetryAttempt() >= options.Value.RetryLimit
                                   && !context.CancellationToken.IsCancellationRequested)
        {
            // The quick retries ran out on a fault that may pass (storage or network down). Failing the job would lose
            // it to an outage; waiting here would hold a consumer slot for minutes. Hand it back: the Api sends it again.
            activity.WillRetry();
            logger.LogWarning("Job {JobId} given back after {Attempts} attempts, to be sent again later: {Reason}",
                context.Message.JobId, context.GetRetryAttempt() + 1, e.Message);
            await context.PublishWithin(new ImageProcessingDeferred(context.Message.JobId, workerId,
                $"{e.GetType().Name}: {e.Message}", DateTime.UtcNow), options.Value.PublishTimeout);
        }
        catch (Exception e)
        {
            // MassTransit copies exception data into the fault: the notifier's failure line can then name the worker.
            e.Data[FaultFacts.WorkerKey] = workerId;
            if (e is ImageRejectedException rejected)
            {
                activity.Rejected();
                logger.LogWarning("Job {JobId} rejected ({Kind}): {Reason}", context.Message.JobId, rejected.Kind, rejected.Message);
            }
            else if (!context.CancellationToken.IsCancellationRequested) activity.WillRetry();
            throw;
        }
    }
}
