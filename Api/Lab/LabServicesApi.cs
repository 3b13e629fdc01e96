using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Queues.ServiceDefaults.Messaging;
using Queues.ServiceDefaults.Storage;

namespace Queues.Api.Lab;

/// <summary>
/// POST /lab/broker/stop|start and /lab/storage/stop|start: the app host's commands, then the port probed until it agrees. The
/// single node's application stops inside its running VM (rabbitmqctl stop_app), as an outage looks to clients; on a cluster
/// (Bus:ClusterNodes) the broker's actions stop and start one node's whole VM, the failover drill.
/// </summary>
public static class LabServicesApi
{
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(60), ClusterLimit = TimeSpan.FromSeconds(200);

    public static RouteGroupBuilder MapLabServices(this RouteGroupBuilder lab)
    {
        lab.MapPost("/broker/{action:regex(^(stop|start)$)}", Broker)
            .WithSummary("Stop or start the RabbitMQ node (rabbitmqctl stop_app|start_app); answers once its AMQP port refuses or answers")
            .WithDescription("On a cluster, node=1..3 (default 1, the node every service connects to first) is stopped or started alone " +
                "(the app host's resource rabbitmq-N): the failover drill.");
        lab.MapPost("/storage/{action:regex(^(stop|start)$)}", Storage)
            .WithSummary("Stop or start the S3 server (the app host's resource s3); answers once its port refuses or answers");
        return lab;
    }

    public static LabService BrokerAddress(BusOptions bus) => new("broker", $"{bus.Host}:{bus.Port}", false);

    /// <summary>A cluster's nodes, "node 1" to "node N" in Bus:ClusterNodes' order; none for a single node.</summary>
    public static IReadOnlyList<LabService> ClusterNodes(BusOptions bus) =>
        BrokerNodes.TryParse(bus.ClusterNodes, bus.Port, out var nodes)
            ? nodes.Select((node, i) => new LabService($"node {i + 1}", $"{node.HostName}:{node.Port}", false)).ToList()
            : [];

    public static LabService StorageAddress(StorageOptions storage) => new("storage", storage.Endpoint, false);

    public static async Task<LabService> ProbeAsync(LabService service, CancellationToken cancellationToken)
    {
        var colon = service.Address.LastIndexOf(':');
        var up = await LabControl.AnswersAsync(service.Address[..colon], int.Parse(service.Address[(colon + 1)..]), cancellationToken);
        return service with { Up = up };
    }

    static Task<Results<Ok<LabActionDone>, ProblemHttpResult>> Broker(string action, int? node, IOptions<BusOptions> bus,
        LabControl control, LabMarkers markers, CancellationToken cancellationToken)
    {
        var nodes = ClusterNodes(bus.Value);
        if (nodes.Count == 0)
            return node is null
                ? SwitchAsync(BrokerAddress(bus.Value), "rabbitmq", $"broker-{action}", action == "start", control, markers, cancellationToken)
                : Refused("Not a cluster", "node= applies to a cluster (run-local.sh --cluster); this broker is one node.");
        var n = node ?? 1;
        if (n < 1 || n > nodes.Count) return Refused("No such node", $"node is 1 to {nodes.Count}.");
        return SwitchAsync(nodes[n - 1], $"rabbitmq-{n}", action, action == "start", control, markers, cancellationToken);
    }

    static Task<Results<Ok<LabActionDone>, ProblemHttpResult>> Refused(string title, string detail) =>
        Task.FromResult<Results<Ok<LabActionDone>, ProblemHttpResult>>(LabProblems.Problem(StatusCodes.Status400BadRequest, title, detail));

    static Task<Results<Ok<LabActionDone>, ProblemHttpResult>> Storage(string action, IOptions<StorageOptions> storage, LabControl control,
        LabMarkers markers, CancellationToken cancellationToken) =>
        SwitchAsync(StorageAddress(storage.Value), "s3", action, action == "start", control, markers, cancellationToken);

    static async Task<Results<Ok<LabActionDone>, ProblemHttpResult>> SwitchAsync(LabService service, string resource, string command, bool up,
        LabControl control, LabMarkers markers, CancellationToken cancellationToken)
    {
        // A cluster node starts in tens of seconds, and longer on a busy machine.
        var limit = resource.StartsWith("rabbitmq-") ? ClusterLimit : Limit;
        var outcome = await control.CommandAsync(resource, command, null, cancellationToken);
        if (!outcome.Success) return LabProblems.ControlFailed(outcome);
        if (!await LabControl.WaitForAsync(async () => (await ProbeAsync(service, cancellationToken)).Up == up, limit, cancellationToken))
            return LabProblems.Timeout($"{service.Address} still {(up ? "refuses" : "answers")} {limit.TotalSeconds:0} s after {outcome.Detail}.");
        var marker = markers.Add($"{service.Name} {(up ? "started" : "stopped")}", outcome.Detail);
        return TypedResults.Ok(new LabActionDone(marker.Label, outcome.Detail, Service: service with { Up = up }));
    }
}
