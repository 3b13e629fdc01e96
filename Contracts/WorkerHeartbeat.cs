namespace Queues.Contracts;

/// <summary>Event: a worker is alive. Published every few seconds; silence means the worker is gone.</summary>
public record WorkerHeartbeat(
    string WorkerId,
    string MachineName,
    int ProcessId,
    int ConcurrencyLimit,
    int InFlight,
    Guid[] CurrentJobs,
    long Completed,
    long Failed,
    DateTime SentAt);
