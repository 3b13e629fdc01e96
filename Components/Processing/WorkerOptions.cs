using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.Components.Processing;

/// <summary>Section "Worker".</summary>
public sealed class WorkerOptions : IValidatableObject
{
    /// <summary>Shown in job rows and the dashboard; defaults to host name and process id.</summary>
    public string? Id { get; set; }

    /// <summary>Images processed at once by this process (MassTransit's ConcurrentMessageLimit); 0 means the machine's cores.</summary>
    [Range(0, 1024)]
    public int Concurrency { get; set; }

    /// <summary>In-process retries for transient faults (storage, network), with exponential back-off.</summary>
    [Range(0, 100)]
    public int RetryLimit { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a job's event may take to publish before the attempt fails and is retried (<see cref="BoundedPublish"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// At start, how long to wait to hear from the Api whether processing is paused before taking messages anyway
    /// (the Api announces it every few seconds); zero takes them at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PauseStateWait { get; set; } = TimeSpan.FromSeconds(10);

    public int EffectiveConcurrency => Concurrency > 0 ? Concurrency : Environment.ProcessorCount;

    public string EffectiveId => string.IsNullOrWhiteSpace(Id) ? $"{Environment.MachineName}-{Environment.ProcessId}" : Id;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryMaxDelay < RetryMinDelay)
            yield return new ValidationResult($"{nameof(RetryMaxDelay)} must be at least {nameof(RetryMinDelay)}", [nameof(RetryMaxDelay)]);
    }
}

[OptionsValidator]
public sealed partial class WorkerOptionsValidator : IValidateOptions<WorkerOptions>;
