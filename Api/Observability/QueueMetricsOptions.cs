namespace Queues.Api.Observability;

/// <summary>How often the queue gauges are refreshed. Section "QueueMetrics"; the broker's management API is Bus:ManagementUrl.</summary>
public sealed class QueueMetricsOptions
{
    /// <summary>A scrape reads the last poll: the management API itself refreshes its counts only every ~5 s.</summary>
    public int PollSeconds { get; set; } = 5;
}
