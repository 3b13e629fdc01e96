namespace Queues.Contracts;

/// <summary>
/// Event: a job's row changed state (any transition that applied). Published by the Api replica that applied it so
/// every other replica's live feed (/events) hears it too; each replica reads it on a temporary queue of its own.
/// </summary>
/// <param name="State">The state the job moved to, by name (Queued, Processing, Completed, Failed, Cancelled).</param>
/// <param name="Replica">The replica that applied the change; it told its own feed already and skips its own event.</param>
/// <param name="Deleted">The job is gone (deleted, or by retention); <paramref name="State"/> is then its last.</param>
public record JobChanged(Guid JobId, string State, DateTime At, string Replica, bool Deleted = false);
