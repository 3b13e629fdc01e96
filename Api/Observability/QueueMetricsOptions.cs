using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.Api.Observability;

/// <summary>How often the queue gauges are refreshed. Section "QueueMetrics"; the broker's management API is Bus:ManagementUrl.</summary>
public sealed class QueueMetricsOptions
{
    /// <summary>A scrape reads the last poll: the management API itself refreshes its counts only every ~5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Tenants with a label of their own in the per-tenant gauges, the busiest; the rest are summed as "other".</summary>
    [Range(1, 1000)]
    public int TopTenants { get; set; } = 10;
}

[OptionsValidator]
public sealed partial class QueueMetricsOptionsValidator : IValidateOptions<QueueMetricsOptions>;
