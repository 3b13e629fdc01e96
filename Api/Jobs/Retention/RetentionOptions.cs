namespace Queues.Api.Jobs;

/// <summary>
/// Section "Retention": how long finished jobs and their stored objects are kept (<see cref="RetentionSweeper"/>).
/// Off unless <see cref="MaxAge"/> is set: a standalone newcomer's jobs are never deleted behind their back.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Completed, Failed and Cancelled jobs finished longer ago than this are deleted (e.g. "7.00:00:00"). Unset or zero: kept forever.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>How often a replica looks; the one holding the lease deletes.</summary>
    public int IntervalSeconds { get; set; } = 300;

    /// <summary>Jobs read and deleted per round: a backlog of a million goes in many short statements, none holding a long transaction.</summary>
    public int BatchSize { get; set; } = 500;

    public bool Enabled => MaxAge is { } age && age > TimeSpan.Zero;

    public TimeSpan Interval => TimeSpan.FromSeconds(IntervalSeconds);

    /// <summary>
    /// Renewed at every sweep and every batch, so the holder keeps it while it runs; a holder that died is replaced
    /// by another replica within three intervals.
    /// </summary>
    public TimeSpan Lease => Interval * 3;
}
