namespace Queues.Contracts;

/// <summary>
/// A job's row changed state (any transition that applied), as the Api replica that applied it relays it to every
/// other replica's live feed (/events), inside a <see cref="JobChangeBatch"/>.
/// </summary>
/// <param name="State">The state the job moved to, by name (Queued, Processing, Completed, Failed, Cancelled).</param>
/// <param name="Replica">The replica that applied the change; it told its own feed already and skips its own event.</param>
/// <param name="Deleted">The job is gone (deleted, or by retention); <paramref name="State"/> is then its last.</param>
/// <param name="Note">What happened besides the state, for a person: "redelivered to worker-2 (delivery 2)", a hand-back's or a failure's reason.</param>
public record JobChanged(Guid JobId, string State, DateTime At, string Replica, bool Deleted = false, string? Note = null);

/// <summary>
/// Event: the job changes one replica applied since its last batch, in the order they applied. Every replica reads it
/// on a temporary queue of its own. One message per batch, not one per change: a job changes about five times, and
/// under load a message each was a publish and, on every replica, a consume, for each change.
/// </summary>
public record JobChangeBatch(IReadOnlyList<JobChanged> Changes);

/// <summary>
/// Event: a replica has live-feed subscribers (open dashboards, a LoadTest) and wants the other replicas' changes. Sent
/// when one connects and again every few seconds while any stays; a replica relays its changes only while another
/// replica's last one is recent, so a system nobody watches sends no <see cref="JobChangeBatch"/> at all.
/// </summary>
public record FeedWatched(string Replica, DateTime At);
