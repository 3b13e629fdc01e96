using Microsoft.Extensions.Options;

namespace Queues.Components.Notifications;

public sealed class NotifierOptions
{
    /// <summary>When set, every finished job is POSTed here as JSON (besides the job's own callbackUrl, if it has one).</summary>
    public string? WebhookUrl { get; set; }

    public int WebhookTimeoutSeconds { get; set; } = 5;

    /// <summary>When set, each delivery carries <see cref="WebhookSignature.Header"/> for the receiver to verify.</summary>
    public string? WebhookSecret { get; set; }
}

/// <summary>
/// The global URL passes the same guard as a callbackUrl, at start: a notifier told to post into its own network
/// refuses to start instead of failing every delivery. A name that does not resolve yet is left to the connection check.
/// </summary>
sealed class GlobalWebhookValidation(WebhookTargetGuard guard) : IValidateOptions<NotifierOptions>
{
    public ValidateOptionsResult Validate(string? name, NotifierOptions options)
    {
        if (options.WebhookTimeoutSeconds <= 0) return ValidateOptionsResult.Fail("Notifier:WebhookTimeoutSeconds must be positive");
        if (string.IsNullOrWhiteSpace(options.WebhookUrl)) return ValidateOptionsResult.Success;
        var refusal = guard.RefusalAsync(options.WebhookUrl, CancellationToken.None, refuseUnresolved: false).GetAwaiter().GetResult();
        return refusal is null ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Notifier:WebhookUrl is refused: {refusal} (set Webhooks:AllowPrivateTargets=true to allow internal targets)");
    }
}
