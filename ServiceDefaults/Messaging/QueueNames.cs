namespace Queues.ServiceDefaults.Messaging;

public static class QueueNames
{
    /// <summary>Where <c>ProcessImage</c> commands wait for a worker (the name the kebab-case convention gives its consumer).</summary>
    public const string ProcessImage = "process-image";

    public const string ProcessImageErrors = ProcessImage + "_error";

    /// <summary>The Api's job-state consumers: one queue, shared by every Api replica.</summary>
    public const string JobState = "job-state";

    /// <summary>The notifier's consumers of completions and failures: one queue, shared by every notifier replica.</summary>
    public const string Notifier = "notifier";

    /// <summary>Webhook deliveries waiting for a receiver or retrying, one message each; failed ones end in webhooks_error.</summary>
    public const string Webhooks = "webhooks";

    /// <summary>
    /// Every API replica gets every worker heartbeat on a temporary queue of its own (auto-delete, removed when the
    /// replica stops); with one shared queue the replicas would compete and each would see only some heartbeats.
    /// </summary>
    public const string WorkerHeartbeatsPrefix = "worker-heartbeat-";

    public static string WorkerHeartbeats() => WorkerHeartbeatsPrefix + InstanceSuffix();

    /// <summary>
    /// Every API replica gets every other replica's job changes (for its live feed) on a temporary queue of its own,
    /// for the same reason as the heartbeats.
    /// </summary>
    public const string JobChangesPrefix = "job-changes-";

    public static string JobChanges() => JobChangesPrefix + InstanceSuffix();

    /// <summary>Every worker hears every cancellation on a temporary queue of its own, like the heartbeats above.</summary>
    public const string JobCancellationsPrefix = "job-cancellations-";

    public static string JobCancellations() => JobCancellationsPrefix + InstanceSuffix();

    /// <summary>Every Api replica hears every job's progress on a temporary queue of its own: progress is kept in memory, not written.</summary>
    public const string JobProgressPrefix = "job-progress-";

    public static string JobProgress() => JobProgressPrefix + InstanceSuffix();

    /// <summary>Every worker hears whether processing is paused on a temporary queue of its own, like the cancellations.</summary>
    public const string ProcessingStatePrefix = "processing-state-";

    public static string ProcessingState() => ProcessingStatePrefix + InstanceSuffix();

    /// <summary>
    /// On a cluster every Api replica's outbox sends on the channel of a receive endpoint of its own, on a temporary
    /// queue nothing is sent to, so that the channel can be replaced (the Api's OutboxChannel says why).
    /// </summary>
    public const string OutboxPrefix = "outbox-";

    public static string Outbox() => OutboxPrefix + InstanceSuffix();

    /// <summary>Auto-delete queues cannot be quorum queues.</summary>
    public static bool IsTemporary(string endpointName) =>
        new[] { WorkerHeartbeatsPrefix, JobChangesPrefix, JobCancellationsPrefix, JobProgressPrefix, ProcessingStatePrefix, OutboxPrefix }.Any(p => endpointName.StartsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// A queue that belongs to one process and goes with it: the temporary queues above, and the bus endpoint MassTransit
    /// gives every process (<c>{host}_{process}_bus_{id}</c>).
    /// </summary>
    public static bool IsPerProcess(string queueName) => IsTemporary(queueName) || queueName.Contains("_bus_", StringComparison.Ordinal);

    static string InstanceSuffix() => $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant();
}
