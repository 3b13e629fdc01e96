namespace Queues.Contracts;

/// <summary>
/// Event: whether workers may take new <see cref="ProcessImage"/> messages, as the Api's database says. Published by the
/// Api when an operator pauses or resumes processing, and again every few seconds, so a worker that missed the change
/// (restarting, or its temporary queue lost with a connection) and a worker just started both learn it. Every worker
/// hears it on a temporary queue of its own.
/// </summary>
/// <param name="Paused">True: stop taking messages from process-image (jobs in flight finish); false: take them.</param>
/// <param name="Since">When processing was paused; null while it runs.</param>
/// <param name="By">Who paused it (the operator key's id); null while it runs.</param>
public sealed record ProcessingStateAnnounced(bool Paused, DateTime? Since, string? By, DateTime At);
