namespace Queues.Contracts;

/// <summary>One stored rendition of a job (<see cref="ImageProcessed.Renditions"/>).</summary>
public record RenditionResult(
    string Name,
    string ResultKey,
    string ContentType,
    int Width,
    int Height,
    long SizeBytes,
    string BlurHash,
    string DominantColour);
