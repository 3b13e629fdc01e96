namespace Queues.Contracts;

/// <summary>
/// The Api cancelled a job. Every worker hears it (a temporary queue each): a worker running the job stops at its next
/// safe point, and one that receives the job's command later skips it. Published again when a cancelled job is seen
/// starting, so a worker that started after the first announcement still stops.
/// </summary>
public sealed record JobCancelled(Guid JobId, DateTime At);
