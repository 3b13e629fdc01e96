namespace Queues.Api.Lab;

/// <summary>GET /lab: the lab's processes and their state.</summary>
/// <param name="BrokerNodes">On a cluster, each node ("node 1" …); empty for a single node, which <paramref name="Broker"/> is.</param>
public sealed record LabView(IReadOnlyList<LabWorker> Workers, LabService Broker, LabService Storage, IReadOnlyList<LabFlood> Floods,
    IReadOnlyList<LabService> BrokerNodes);

/// <param name="Status">What its heartbeats say (online, stopped, crashed, unreachable), or null if this Api never heard it.</param>
/// <param name="InFlight">The jobs it holds, by its last heartbeat.</param>
/// <param name="Concurrency">The images it processes at once, by its last heartbeat.</param>
public sealed record LabWorker(string Id, int Pid, bool Alive, string? Status, int InFlight, int? Concurrency = null);

/// <param name="Address">host:port probed.</param>
/// <param name="Up">Whether the port accepts connections.</param>
public sealed record LabService(string Name, string Address, bool Up);

/// <summary>What an action did, once it took effect: the marker drawn on the charts, and the script's or signal's account.</summary>
public sealed record LabActionDone(string Marker, string Detail, LabWorker? Worker = null, LabService? Service = null);

/// <summary>POST /lab/poison: the cut-short JPEG's job as it ended, and how the intake refused the text file named corrupted.jpg.</summary>
public sealed record LabPoisonSent(string Marker, Guid JobId, string State, string? FailureReason, int RefusedStatus, string? RefusedTitle,
    string? RefusedDetail);
