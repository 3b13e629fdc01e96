using MassTransit;
using Microsoft.Extensions.Options;
using Queues.Contracts;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Components.Processing;

/// <summary>
/// What happens to a delivery before its job starts: taken, or turned away because the process is stopping, processing
/// is paused, or the job was cancelled. Turned away, the message is acknowledged; what becomes of the job is said here.
/// </summary>
public sealed class DeliveryGate(
    WorkerActivity activity,
    ProcessingSwitch processing,
    JobCancellations cancellations,
    IOptions<WorkerOptions> worker,
    IOptions<BusOptions> bus,
    ILogger<DeliveryGate> logger)
{
    /// <summary>True when the job is not to start here; the delivery has then been dealt with.</summary>
    public async Task<bool> TurnAwayAsync(ConsumeContext<ProcessImage> context)
    {
        var jobId = context.Message.JobId;
        if (activity.Draining)
        {
            // The standalone app is stopping, and its in-memory bus would hand it every queued job before it could
            // stop. Taking none leaves each of them recorded as sent but unfinished, and the next start sends it again.
            logger.LogDebug("Job {JobId} left for the next start: stopping", jobId);
            return true;
        }
        if (processing.PauseWanted)
        {
            // Delivered while the endpoint was being removed (a prefetched message waiting for a slot): not started, so it
            // goes back to the queue's tail, where it waits with the others until processing resumes.
            logger.LogDebug("Job {JobId} handed back to {Queue}: processing is paused", jobId, QueueNames.ProcessImage);
            await context.Forward(await context.GetSendEndpoint(ProcessImageTopology.SendAddress(bus.Value)), context.Message);
            return true;
        }
        if (cancellations.IsCancelled(jobId))
        {
            // Sent before the Api cancelled it: acknowledged, never started.
            await ReportCancelledAsync(context, started: false);
            return true;
        }
        return false;
    }

    public Task ReportCancelledAsync(ConsumeContext<ProcessImage> context, bool started)
    {
        logger.LogInformation("Job {JobId} cancelled; {What}", context.Message.JobId, started ? "stopped" : "skipped");
        return context.PublishWithin(new ImageProcessingCancelled(context.Message.JobId, worker.Value.EffectiveId, started, DateTime.UtcNow),
            worker.Value.PublishTimeout);
    }
}
