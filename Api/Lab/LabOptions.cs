namespace Queues.Api.Lab;

/// <summary>
/// Section "Lab": the classroom mode (QUEUES_LAB=1 scripts/run-local.sh sets <see cref="Enabled"/> on the Api it starts).
/// Off, no /lab path exists: every one of them is 404.
/// </summary>
public sealed class LabOptions
{
    public bool Enabled { get; set; }
}
