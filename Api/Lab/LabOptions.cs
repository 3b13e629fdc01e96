namespace Queues.Api.Lab;

/// <summary>
/// Section "Lab": the classroom mode (QUEUES_LAB=1 scripts/run-local.sh sets <see cref="Enabled"/>, <see cref="RepoRoot"/>
/// and <see cref="RunDir"/> on the Api it starts). Off, no /lab path exists: every one of them is 404.
/// </summary>
public sealed class LabOptions
{
    public bool Enabled { get; set; }

    /// <summary>The repository whose scripts/*.sh the lab runs (the same commands a terminal user types).</summary>
    public string? RepoRoot { get; set; }

    /// <summary>run-local.sh's QUEUES_RUN_DIR: its pids/ folder names the processes the lab may signal, and no others.</summary>
    public string? RunDir { get; set; }
}
