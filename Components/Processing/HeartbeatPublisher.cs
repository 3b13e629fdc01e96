using MassTransit;
using Microsoft.Extensions.Options;
using Queues.Contracts;

namespace Queues.Components.Processing;

/// <summary>Publishes <see cref="WorkerHeartbeat"/> every few seconds; the dashboard shows a worker offline when they stop.</summary>
public sealed class HeartbeatPublisher(IBus bus, WorkerActivity activity, ProcessingSwitch processing, IOptions<WorkerOptions> options,
    ILogger<HeartbeatPublisher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var worker = options.Value;
        using var timer = new PeriodicTimer(worker.HeartbeatInterval);
        do
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(worker.HeartbeatInterval);
                await bus.Publish(new WorkerHeartbeat(worker.EffectiveId, Environment.MachineName, Environment.ProcessId,
                    worker.EffectiveConcurrency, activity.InFlight, activity.CurrentJobs, activity.Completed, activity.Failed,
                    DateTime.UtcNow, processing.Paused), timeout.Token);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug("Heartbeat not sent: {Reason}", e.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
