namespace Queues.Contracts;

/// <summary>Event: a worker is alive. Published every few seconds; silence means the worker is gone.</summary>
/// <param name="Paused">Processing is paused and this worker has stopped taking messages (its jobs in flight are done).</param>
public record WorkerHeartbeat(
    string WorkerId,
    string MachineName,
    int ProcessId,
    int ConcurrencyLimit,
    int InFlight,
    Guid[] CurrentJobs,
    long Completed,
    long Failed,
    DateTime SentAt,
    bool Paused = false);
