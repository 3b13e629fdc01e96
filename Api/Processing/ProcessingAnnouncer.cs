using MassTransit;
using Microsoft.Extensions.Options;

namespace Queues.Api.Processing;

/// <summary>
/// Announces the database's pause state to every worker every <see cref="ProcessingOptions.AnnounceInterval"/>, from
/// the moment the app has started: a worker just started waits for this before taking messages, and a worker that
/// missed a pause or resume (restarting, or its temporary queue lost with a connection) follows within one period.
/// Every replica announces; the workers apply only changes, so the repeats cost a message each and nothing more.
/// </summary>
public sealed class ProcessingAnnouncer(IServiceScopeFactory scopes, IBus bus, IOptions<ProcessingOptions> options, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<ProcessingAnnouncer> logger) : BackgroundService
{
    bool failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The bus and the workers' own queues are up by then, so the first announcement is not lost.
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);

        using var timer = new PeriodicTimer(options.Value.AnnounceInterval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var view = await scope.ServiceProvider.GetRequiredService<ProcessingControl>().ReadAsync(stoppingToken);
                await ProcessingControl.AnnounceAsync(bus, view, clock, logger, stoppingToken);
                if (failing) logger.LogInformation("Processing state readable again");
                failing = false;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing) logger.LogWarning("Processing state not read, so not announced; retrying: {Reason}", e.Message);
                failing = true;
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
