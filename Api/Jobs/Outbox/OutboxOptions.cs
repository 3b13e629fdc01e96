using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.Api.Jobs;

/// <summary>Section "Outbox": the pace of the loops that send queued jobs and announce finished ones (<see cref="OutboxLoop"/>).</summary>
public sealed class OutboxOptions : IValidatableObject
{
    /// <summary>How often a loop looks for rows when nothing woke it (an upload or an end wakes it at once); doubled while the broker is away.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most rows one batch takes; a full batch is followed by another at once.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>How long a replica holds the rows it is sending before another may take them; renewed while the sends are pending.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sends or announcements pending this long put the broker down as away and the channel is replaced (<see cref="Broker.OutboxChannel"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Sends still pending this long are given up and their rows sent again: on a cluster, this long after they began (a
    /// dead node's channel may never answer); on one node, this long after the bus is healthy again (a send caught by a
    /// broker restart may never finish).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The lease is renewed once per StalledAfter while sends are pending: shorter, and another replica could take the rows meanwhile.
        if (Lease <= StalledAfter)
            yield return new ValidationResult($"{nameof(Lease)} must be longer than {nameof(StalledAfter)}", [nameof(Lease)]);
    }
}

[OptionsValidator]
public sealed partial class OutboxOptionsValidator : IValidateOptions<OutboxOptions>;
