namespace Queues.Api.Jobs;

/// <summary>
/// This Api process among its replicas: machine name and process id, unique while it runs (a restarted replica is a
/// new one, which is right: its feed starts empty). The live feed uses it to recognise its own changes on the bus.
/// </summary>
public sealed class ReplicaIdentity
{
    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}".ToLowerInvariant();
}
