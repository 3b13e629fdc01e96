namespace Queues.Components.Notifications;

/// <summary>What a webhook receives for each finished job.</summary>
public sealed record JobNotification(
    string Event,
    Guid JobId,
    string? WorkerId,
    string[] Operations,
    double? ProcessingMs,
    double EndToEndMs,
    string? ResultKey,
    string? Reason,
    DateTime At);
