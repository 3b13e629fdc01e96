namespace Queues.Api.Lab;

/// <summary>
/// Section "Lab": the classroom mode. The app host in lab mode (<c>QUEUES_LAB=1 scripts/run-local.sh</c>, or
/// <c>--Queues:Lab=true</c>) sets all three on the Api. Off, no /lab path exists: every one of them is 404.
/// </summary>
public sealed class LabOptions
{
    public bool Enabled { get; set; }

    /// <summary>The app host's control endpoint (its Queues:ControlPort on loopback): the resources the lab starts and stops.</summary>
    public string? ControlUrl { get; set; }

    /// <summary>Its bearer token (the run folder's control.token).</summary>
    public string? ControlToken { get; set; }
}
