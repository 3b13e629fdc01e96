using RabbitMQ.Client;

namespace Queues.ServiceDefaults.Messaging;

/// <summary>
/// The RabbitMQ nodes a host may connect to: <see cref="BusOptions.ClusterNodes"/> ("host:port,host:port", the port
/// optional) on a cluster, else <see cref="BusOptions.Host"/>:<see cref="BusOptions.Port"/> alone. Ports are kept per
/// node, so a cluster on one machine (one port per node) works as well as one node per host.
/// </summary>
public static class BrokerNodes
{
    public static IReadOnlyList<AmqpTcpEndpoint> Of(BusOptions bus) =>
        TryParse(bus.ClusterNodes, bus.Port, out var nodes) && nodes.Count > 0 ? nodes : [new AmqpTcpEndpoint(bus.Host, bus.Port)];

    /// <summary>False when an entry is empty or its port is not 1-65535; an empty list parses to no nodes.</summary>
    public static bool TryParse(string? list, int defaultPort, out IReadOnlyList<AmqpTcpEndpoint> nodes)
    {
        var parsed = new List<AmqpTcpEndpoint>();
        nodes = parsed;
        if (string.IsNullOrWhiteSpace(list)) return true;
        foreach (var entry in list.Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = entry.LastIndexOf(':');
            var host = colon < 0 ? entry : entry[..colon];
            var port = defaultPort;
            if (host.Length == 0 || colon >= 0 && !(int.TryParse(entry[(colon + 1)..], out port) && port is > 0 and <= 65535)) return false;
            parsed.Add(new AmqpTcpEndpoint(host, port));
        }
        return true;
    }

    /// <summary>A plain RabbitMQ.Client connection to the first node that answers, for what MassTransit does not do.</summary>
    public static Task<IConnection> ConnectAsync(this BusOptions bus, string clientName, CancellationToken cancellationToken) =>
        new ConnectionFactory
        {
            VirtualHost = bus.VirtualHost,
            UserName = bus.Username,
            Password = bus.Password,
        }.CreateConnectionAsync(Of(bus), clientName, cancellationToken);
}
