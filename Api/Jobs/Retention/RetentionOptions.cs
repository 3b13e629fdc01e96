using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.Api.Jobs;

/// <summary>
/// Section "Retention": how long finished jobs and their stored objects are kept (<see cref="RetentionSweeper"/>).
/// Off unless <see cref="MaxAge"/> is set: a standalone newcomer's jobs are never deleted behind their back.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Completed, Failed and Cancelled jobs finished longer ago than this are deleted (e.g. "7.00:00:00"). Unset or zero: kept forever.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan? MaxAge { get; set; }

    /// <summary>How often a replica looks; the one holding the lease deletes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Jobs read and deleted per round: a backlog of a million goes in many short statements, none holding a long transaction.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;

    public bool Enabled => MaxAge is { } age && age > TimeSpan.Zero;

    /// <summary>
    /// Renewed at every sweep and every batch, so the holder keeps it while it runs; a holder that died is replaced
    /// by another replica within three intervals.
    /// </summary>
    public TimeSpan Lease => Interval * 3;
}

[OptionsValidator]
public sealed partial class RetentionOptionsValidator : IValidateOptions<RetentionOptions>;
