namespace Queues.Contracts;

/// <summary>Command: process one uploaded image. Carries storage keys, never image bytes.</summary>
/// <param name="Operations">Canonical operation specs in the order to apply them, e.g. "resize:320x320:fit".</param>
/// <param name="OutputFormat">jpeg, png or webp.</param>
public record ProcessImage(
    Guid JobId,
    string OriginalKey,
    string[] Operations,
    string OutputFormat,
    int Quality,
    DateTime QueuedAt);
