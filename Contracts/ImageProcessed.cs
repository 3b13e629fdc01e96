namespace Queues.Contracts;

/// <summary>Event: a job's result is stored under <paramref name="ResultKey"/>.</summary>
/// <param name="BlurHash">A placeholder string for the result (https://blurha.sh); null from workers before it existed.</param>
/// <param name="DominantColour">The result's dominant colour as #rrggbb.</param>
/// <param name="Renditions">For a job with renditions, each one stored; the first is also the job's result above.</param>
public record ImageProcessed(
    Guid JobId,
    string WorkerId,
    string ResultKey,
    string ContentType,
    int Width,
    int Height,
    long SizeBytes,
    string[] Operations,
    double ProcessingMs,
    DateTime QueuedAt,
    DateTime StartedAt,
    DateTime CompletedAt,
    string? BlurHash = null,
    string? DominantColour = null,
    RenditionResult[]? Renditions = null);
