using System.Globalization;
using Queues.Monitoring.Sources;
using Queues.ServiceDefaults.Messaging;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Queues.Monitoring.Sampling;

/// <summary>
/// The queues view from the RabbitMQ management API (distributed mode): GET /api/queues/{vhost}, read by the
/// management client the Api uses; <paramref name="source"/> words its failures.
/// </summary>
public sealed class RabbitQueuesSampler(HttpSource source, RabbitMqManagementClient management, Uri managementUrl) : ISampler
{
    public const string WorkQueue = "process-image", ErrorQueue = WorkQueue + "_error";

    public string Title => $"{WorkQueue} on RabbitMQ {managementUrl.GetLeftPart(UriPartial.Authority)} (management API; counts lag by the broker's statistics interval, 5 s by default)";
    public IReadOnlyList<Column> Columns => QueueColumns.All;
    public IReadOnlyList<string> DepthColumns => QueueColumns.Depth;
    public IReadOnlyList<string> RateColumns => QueueColumns.Rates;

    /// <summary>Every queue of the virtual host, from the last reading.</summary>
    public IReadOnlyList<QueueInfo> LastQueues { get; private set; } = [];

    public async Task<IReadOnlyList<double?>> ReadAsync(DateTime at, CancellationToken cancellationToken)
    {
        LastQueues = await source.ReadAsync(new Uri(managementUrl, "api/queues"), management.GetQueuesAsync, cancellationToken);
        var work = LastQueues.FirstOrDefault(q => q.Name == WorkQueue);
        var errors = LastQueues.FirstOrDefault(q => q.Name == ErrorQueue);
        if (work is null) throw new SourceUnavailableException($"no queue '{WorkQueue}' on the broker yet: start a worker (it declares the queue)");
        return [work.Ready, work.Unacknowledged, work.Consumers, work.PublishRate, work.DeliverRate, work.AckRate, errors?.Ready ?? 0, null];
    }

    /// <summary>Every queue of the virtual host: job-state and notifier fill up too when their consumers fall behind.</summary>
    public IRenderable? Detail()
    {
        if (LastQueues.Count == 0) return null;
        var table = new Table().Border(TableBorder.Simple).Title("all queues");
        foreach (var header in new[] { "queue", "ready", "unacked", "consumers", "publish/s", "deliver/s", "ack/s" })
            table.AddColumn(new TableColumn(header) { Alignment = header == "queue" ? Justify.Left : Justify.Right });
        string Rate(double rate) => rate.ToString("0.0", CultureInfo.InvariantCulture);
        foreach (var q in LastQueues)
            table.AddRow(Markup.Escape(q.Name), q.Ready.ToString(CultureInfo.InvariantCulture), q.Unacknowledged.ToString(CultureInfo.InvariantCulture),
                q.Consumers.ToString(CultureInfo.InvariantCulture), Rate(q.PublishRate), Rate(q.DeliverRate), Rate(q.AckRate));
        return table;
    }
}

/// <summary>The queues view's columns, the same whichever source fills them.</summary>
public static class QueueColumns
{
    public static readonly IReadOnlyList<Column> All =
    [
        new("ready", "ready"), new("unacked", "unacked"), new("consumers", "consumers"),
        new("publish_per_s", "publish/s", "0.0"), new("deliver_per_s", "deliver/s", "0.0"), new("ack_per_s", "ack/s", "0.0"),
        new("error_ready", "error queue"), new("oldest_waiting_s", "oldest waiting s", "0.0"),
    ];

    public static readonly IReadOnlyList<string> Depth = ["ready", "unacked", "error_ready"];
    public static readonly IReadOnlyList<string> Rates = ["publish_per_s", "ack_per_s"];
}
