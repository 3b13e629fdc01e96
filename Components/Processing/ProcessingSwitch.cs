using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Options;
using Queues.Contracts;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Components.Processing;

/// <summary>
/// Whether this worker takes process-image messages, as the Api says (<see cref="ProcessingStateAnnounced"/>). The
/// endpoint is connected while processing runs and removed while it is paused: removing it cancels the broker consumer
/// and waits for the jobs in flight, so every message not yet started stays Ready in the queue, where the depth shows it
/// and no paused worker's prefetch holds it. It is connected only once the Api has been heard from (or
/// <see cref="WorkerOptions.PauseStateWait"/> passed), so a worker started while paused takes nothing.
/// Removed rather than stopped: a stopped endpoint stays in the bus and reports itself unhealthy.
/// On the in-memory bus (standalone) a message sent before its queue's endpoint exists is dropped, so there the endpoint
/// is configured with the bus as before and stopped and started in place (as MassTransit's kill switch does); the Api
/// in the same process tells this switch the state before the bus starts (<see cref="Hear"/>).
/// </summary>
public sealed class ProcessingSwitch(IServiceProvider services, IOptions<WorkerOptions> worker, IOptions<BusOptions> bus,
    WorkerActivity activity, ILogger<ProcessingSwitch> logger) : IBusObserver, IReceiveEndpointObserver
{
    static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);
    readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    readonly CancellationTokenSource stopping = new();
    volatile ProcessingStateAnnounced? wanted;
    HostReceiveEndpointHandle? endpoint;
    // The in-memory bus's endpoint, configured with the bus; running until stopped here.
    IReceiveEndpoint? inPlace;
    bool inPlaceRunning;
    Task loop = Task.CompletedTask;

    /// <summary>True once this worker takes no process-image messages because processing is paused: told so, endpoint removed.</summary>
    public bool Paused { get; private set; }

    /// <summary>Told to pause and not yet taking nothing: a message that reaches the consumer now is handed back.</summary>
    public bool PauseWanted => wanted?.Paused == true;

    public void Hear(ProcessingStateAnnounced state)
    {
        var before = wanted;
        wanted = state;
        if (before is null || before.Paused != state.Paused) wake.Writer.TryWrite(true);
    }

    public async Task PostStart(IBus started, Task<BusReady> busReady)
    {
        // Nothing to wait for (a test's worker without an Api): take messages before the bus's start returns.
        if (worker.Value.PauseStateWait == TimeSpan.Zero && !bus.Value.IsInMemory) await ApplyAsync(stopping.Token);
        loop = Task.Run(() => RunAsync(stopping.Token));
    }

    /// <summary>The in-memory bus's process-image endpoint is up (connected by <see cref="ProcessImageConsumerDefinition"/>).</summary>
    public Task Ready(ReceiveEndpointReady ready)
    {
        if (!bus.Value.IsInMemory || !ready.IsStarted) return Task.CompletedTask;
        inPlace = ready.ReceiveEndpoint;
        inPlaceRunning = true;
        wake.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    public async Task PreStop(IBus bus)
    {
        await stopping.CancelAsync();
        // The bus stops the endpoint itself; an endpoint being removed when it does is stopped the same way.
        try { await loop; }
        catch (Exception e) { logger.LogDebug("Processing switch stopped: {Reason}", e.Message); }
    }

    async Task RunAsync(CancellationToken stop)
    {
        var wait = worker.Value.PauseStateWait;
        if (wanted is null && wait > TimeSpan.Zero && !bus.Value.IsInMemory)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(wait);
            try { await wake.Reader.WaitToReadAsync(timeout.Token); }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                logger.LogWarning("Nothing heard from the Api in {Seconds} s on whether processing is paused: taking messages until it says otherwise",
                    wait.TotalSeconds);
            }
        }
        while (!stop.IsCancellationRequested)
        {
            wake.Reader.TryRead(out _);
            try
            {
                await ApplyAsync(stop);
                await wake.Reader.ReadAsync(stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                logger.LogWarning("Processing could not be {What}, trying again: {Reason}", PauseWanted ? "paused" : "resumed", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stop);
            }
        }
    }

    /// <summary>Connects or removes the endpoint until it matches what the Api last said; one change at a time.</summary>
    async Task ApplyAsync(CancellationToken stop)
    {
        if (bus.Value.IsInMemory)
        {
            await ApplyInPlaceAsync(stop);
            return;
        }
        while (true)
        {
            var state = wanted;
            var pause = state?.Paused == true;
            if (!pause && endpoint is null)
            {
                endpoint = Connect();
                Paused = false;
                logger.LogInformation(state is null ? "Taking process-image messages" : "Processing runs: taking process-image messages");
                try { await endpoint.Ready.WaitAsync(ReadyTimeout, stop); }
                catch (TimeoutException) { logger.LogDebug("process-image not ready after {Seconds} s; it keeps connecting", ReadyTimeout.TotalSeconds); }
            }
            else if (pause && endpoint is not null)
            {
                logger.LogInformation("Processing paused by {By}: taking no new process-image messages; {InFlight} in flight finish first",
                    state!.By, activity.InFlight);
                await endpoint.StopAsync(stop);
                endpoint = null;
            }
            else
            {
                if (pause && !Paused) logger.LogInformation("Processing paused since {Since:u} by {By}: not taking process-image messages until resumed",
                    state!.Since, state.By);
                Paused = pause;
                return;
            }
        }
    }

    async Task ApplyInPlaceAsync(CancellationToken stop)
    {
        var state = wanted;
        var pause = state?.Paused == true;
        if (inPlace is null) return;
        if (pause && inPlaceRunning)
        {
            logger.LogInformation("Processing paused by {By}: taking no new process-image messages; {InFlight} in flight finish first",
                state!.By, activity.InFlight);
            await inPlace.Stop(stop);
            inPlaceRunning = false;
            logger.LogInformation("Processing paused since {Since:u} by {By}: not taking process-image messages until resumed", state.Since, state.By);
        }
        else if (!pause && !inPlaceRunning)
        {
            await inPlace.Start(stop).Ready.WaitAsync(ReadyTimeout, stop);
            inPlaceRunning = true;
            logger.LogInformation("Processing runs: taking process-image messages");
        }
        Paused = pause && !inPlaceRunning;
    }

    HostReceiveEndpointHandle Connect() =>
        services.GetRequiredService<IReceiveEndpointConnector>().ConnectReceiveEndpoint(QueueNames.ProcessImage,
            (context, endpoint) => endpoint.ConfigureConsumer<ProcessImageConsumer>(context)); // its settings: ProcessImageConsumerDefinition


    public void PostCreate(IBus bus) { }
    public void CreateFaulted(Exception exception) { }
    public Task PreStart(IBus bus) => Task.CompletedTask;
    public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;
    public Task PostStop(IBus bus) => Task.CompletedTask;
    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;
    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;
}
