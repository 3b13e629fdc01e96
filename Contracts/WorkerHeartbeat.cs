namespace Queues.Contracts;

/// <summary>Event: a worker is alive. Published every few seconds; silence means the worker is gone.</summary>
/// <param name="Completed">Attempts that completed their job.</param>
/// <param name="Failed">Jobs this worker failed: the image was rejected (not an image, corrupt, too large…), so no retry can help.</param>
/// <param name="Paused">Processing is paused and this worker has stopped taking messages (its jobs in flight are done).</param>
/// <param name="Retried">Attempts that threw and left the job to run again: a quick retry here, or handed back to the Api.</param>
/// <param name="Stopping">The last heartbeat of a worker stopping on request: its silence from now on is not a crash.</param>
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
    bool Paused = false,
    long Retried = 0,
    bool Stopping = false);
