namespace Queues.Api.Observability;

/// <summary>Where the queue gauges read from, and how often. Section "QueueMetrics".</summary>
public sealed class QueueMetricsOptions
{
    /// <summary>RabbitMQ management API (distributed mode); empty means http://{Bus:Host}:15672. Credentials are the bus's.</summary>
    public string? ManagementUrl { get; set; }

    /// <summary>A scrape reads the last poll: the management API itself refreshes its counts only every ~5 s.</summary>
    public int PollSeconds { get; set; } = 5;
}
