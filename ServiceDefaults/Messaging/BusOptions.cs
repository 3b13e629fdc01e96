using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.ServiceDefaults.Messaging;

public enum BusTransport { InMemory, RabbitMq }

/// <summary>Section "Bus".</summary>
public sealed class BusOptions : IValidatableObject
{
    /// <summary>InMemory (standalone: one process hosts every consumer) or RabbitMq (distributed).</summary>
    [EnumDataType(typeof(BusTransport))]
    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>
    /// A cluster's AMQP nodes, "host:port,host:port" (a missing port is <see cref="Port"/>); empty: <see cref="Host"/> alone.
    /// The bus connects to one and moves to the next when it is lost.
    /// </summary>
    public string ClusterNodes { get; set; } = "";

    /// <summary>RabbitMQ management API (queue depths, dead letters); empty means http://{Host}:15672/.</summary>
    public string ManagementUrl { get; set; } = "";

    /// <summary>Messages a consumer holds unacknowledged; 0 means the machine's cores.</summary>
    [Range(0, 65_535)]
    public int PrefetchCount { get; set; }

    /// <summary>Quorum queues replicate across a RabbitMQ cluster; classic queues suit a single node.</summary>
    public bool QuorumQueues { get; set; }

    /// <summary>Hold start-up until the bus is connected, so no early message is missed.</summary>
    public bool WaitUntilStarted { get; set; } = true;

    public bool IsInMemory => Transport == BusTransport.InMemory;

    public Uri EffectiveManagementUrl => new(string.IsNullOrWhiteSpace(ManagementUrl) ? $"http://{Host}:15672/" : ManagementUrl.TrimEnd('/') + "/");

    public int EffectivePrefetch => PrefetchCount > 0 ? PrefetchCount : Environment.ProcessorCount;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!BrokerNodes.TryParse(ClusterNodes, Port, out _))
            yield return new ValidationResult($"{nameof(ClusterNodes)} must be host[:port] entries separated by commas", [nameof(ClusterNodes)]);
    }
}

[OptionsValidator]
public sealed partial class BusOptionsValidator : IValidateOptions<BusOptions>;
