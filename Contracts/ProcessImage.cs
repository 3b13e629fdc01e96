namespace Queues.Contracts;

/// <summary>Command: process one uploaded image. Carries storage keys, never image bytes.</summary>
/// <param name="Operations">Canonical operation specs in the order to apply them, e.g. "resize:320x320:fit".</param>
/// <param name="OutputFormat">jpeg, png, webp or avif.</param>
/// <param name="Renditions">
/// Several named outputs from one decode of the original; null or empty for one output. When given, the first one's
/// operations are also in <paramref name="Operations"/>, and its result is the job's result.
/// </param>
public record ProcessImage(
    Guid JobId,
    string OriginalKey,
    string[] Operations,
    string OutputFormat,
    int Quality,
    DateTime QueuedAt,
    RenditionSpec[]? Renditions = null);
