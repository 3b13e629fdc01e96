namespace Queues.Api.Processing;

/// <summary>
/// The one row that says whether workers take new jobs: authoritative for every Api replica and, through
/// <see cref="ProcessingAnnouncer"/>, for every worker. Made by the AddProcessingPause migration, running.
/// </summary>
public sealed class ProcessingPause
{
    public const int RowId = 1;

    public int Id { get; set; } = RowId;
    public bool Paused { get; set; }
    public DateTime? Since { get; set; }
    /// <summary>The operator key's id (config:N for a configured key, the stored key's id, "open" in the open mode).</summary>
    public string? By { get; set; }
}

/// <summary>GET /processing and the answer to pause and resume.</summary>
/// <param name="Paused">True: workers take no new jobs (those in flight finish); the queue fills until resumed.</param>
public sealed record ProcessingView(bool Paused, DateTime? Since, string? By)
{
    public static readonly ProcessingView Running = new(false, null, null);

    public static ProcessingView From(ProcessingPause? row) => row is null ? Running : new(row.Paused, row.Since, row.By);
}
