namespace Queues.Components.Notifications;

public sealed class NotifierOptions
{
    /// <summary>When set, every finished job is POSTed here as JSON.</summary>
    public string? WebhookUrl { get; set; }

    public int WebhookTimeoutSeconds { get; set; } = 5;

    /// <summary>When set, each delivery carries <see cref="WebhookSignature.Header"/> for the receiver to verify.</summary>
    public string? WebhookSecret { get; set; }
}
