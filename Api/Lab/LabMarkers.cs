namespace Queues.Api.Lab;

/// <summary>One thing done to the system in the lab (a worker killed, the broker stopped), drawn on the dashboard's charts.</summary>
public sealed record LabMarker(DateTime At, string Label, string? Detail);

/// <summary>A marker as GET /lab/markers gives it: with the seconds from it to the next job completed, null until one has.</summary>
public sealed record LabMarkerView(DateTime At, string Label, string? Detail, double? FirstCompletionAfterSeconds);

/// <summary>
/// The lab's actions, newest last, in this process's memory: the lab runs one Api, the one that controls the processes,
/// and the charts look back a few minutes. At most <see cref="Capacity"/> are kept; the oldest go first.
/// </summary>
public sealed class LabMarkers(TimeProvider clock)
{
    public const int Capacity = 500;
    readonly LinkedList<LabMarker> markers = new();
    readonly Lock gate = new();

    public LabMarker Add(string label, string? detail = null)
    {
        var marker = new LabMarker(clock.GetUtcNow().UtcDateTime, label, detail);
        lock (gate)
        {
            markers.AddLast(marker);
            if (markers.Count > Capacity) markers.RemoveFirst();
        }
        return marker;
    }

    /// <summary>The markers after <paramref name="since"/> (every one kept when null), oldest first.</summary>
    public IReadOnlyList<LabMarker> Since(DateTime? since)
    {
        lock (gate) return markers.Where(m => since is null || m.At > since).ToList();
    }
}
