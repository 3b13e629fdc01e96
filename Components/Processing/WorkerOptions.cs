namespace Queues.Components.Processing;

public sealed class WorkerOptions
{
    /// <summary>Shown in job rows and the dashboard; defaults to host name and process id.</summary>
    public string? Id { get; set; }

    /// <summary>Images processed at once by this process (MassTransit's ConcurrentMessageLimit); 0 means the machine's cores.</summary>
    public int Concurrency { get; set; }

    /// <summary>In-process retries for transient faults (storage, network), with exponential back-off.</summary>
    public int RetryLimit { get; set; } = 5;
    public int RetryMinMilliseconds { get; set; } = 200;
    public int RetryMaxMilliseconds { get; set; } = 5_000;

    public int HeartbeatSeconds { get; set; } = 2;

    /// <summary>How long a job's event may take to publish before the attempt fails and is retried (<see cref="BoundedPublish"/>).</summary>
    public int PublishTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// At start, how long to wait to hear from the Api whether processing is paused before taking messages anyway
    /// (the Api announces it every few seconds); 0 takes them at once.
    /// </summary>
    public int PauseStateWaitSeconds { get; set; } = 10;

    public int EffectiveConcurrency => Concurrency > 0 ? Concurrency : Environment.ProcessorCount;

    public string EffectiveId => string.IsNullOrWhiteSpace(Id) ? $"{Environment.MachineName}-{Environment.ProcessId}" : Id;
}
