using MassTransit;
using Microsoft.Extensions.Options;
using Queues.Contracts;

namespace Queues.Components.Processing;

/// <summary>
/// Publishes <see cref="WorkerHeartbeat"/> every few seconds; the dashboard shows a worker crashed when they stop
/// without a last one marked <see cref="WorkerHeartbeat.Stopping"/>, which a worker stopping on request sends (before
/// its bus stops: <see cref="StoppingAsync"/> runs before any hosted service's StopAsync, the bus's included).
/// </summary>
public sealed class HeartbeatPublisher(IBus bus, WorkerActivity activity, ProcessingSwitch processing, IOptions<WorkerOptions> options,
    ILogger<HeartbeatPublisher> logger)
    : BackgroundService, IHostedLifecycleService
{
    /// <summary>Set once the last heartbeat is on its way: a regular one after it would bring the worker back online.</summary>
    volatile bool stopping;

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
                if (!stopping) await bus.Publish(Beat(stopping: false), timeout.Token);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug("Heartbeat not sent: {Reason}", e.Message);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.HeartbeatInterval);
            await bus.Publish(Beat(stopping: true), timeout.Token);
        }
        catch (Exception e)
        {
            logger.LogDebug("Last heartbeat not sent: {Reason}", e.Message);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    WorkerHeartbeat Beat(bool stopping)
    {
        var worker = options.Value;
        return new WorkerHeartbeat(worker.EffectiveId, Environment.MachineName, Environment.ProcessId, worker.EffectiveConcurrency,
            activity.InFlight, activity.CurrentJobs, activity.Completed, activity.Failed, DateTime.UtcNow, processing.Paused,
            activity.Retried, stopping);
    }
}
