using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.Components.Notifications;

public sealed class NotifierOptions
{
    /// <summary>When set, every finished job is POSTed here as JSON (besides the job's own callbackUrl, if it has one).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>One delivery's whole request, the receiver's answer included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When set, each delivery carries a Standard Webhooks <c>webhook-signature</c> for the receiver to verify. The
    /// spec's form, <c>whsec_</c> and the base64 of the key, which receivers give their library unchanged.
    /// </summary>
    public string? WebhookSecret { get; set; }
}

[OptionsValidator]
public sealed partial class NotifierOptionsValidator : IValidateOptions<NotifierOptions>;

/// <summary>
/// The global URL passes the same guard as a callbackUrl, at start: a notifier told to post into its own network
/// refuses to start instead of failing every delivery. A name that does not resolve yet is left to the connection check.
/// </summary>
sealed class GlobalWebhookValidation(WebhookTargetGuard guard) : IValidateOptions<NotifierOptions>
{
    public ValidateOptionsResult Validate(string? name, NotifierOptions options)
    {
        if (options.WebhookSecret is { Length: > 0 } secret && !IsStandardSecret(secret))
            return ValidateOptionsResult.Fail("Notifier:WebhookSecret must be a Standard Webhooks secret: whsec_ and the base64 of the key " +
                "(an older plain secret keeps its key as whsec_ + the base64 of its UTF-8 bytes)");
        if (string.IsNullOrWhiteSpace(options.WebhookUrl)) return ValidateOptionsResult.Success;
        var refusal = guard.RefusalAsync(options.WebhookUrl, CancellationToken.None, refuseUnresolved: false).GetAwaiter().GetResult();
        return refusal is null ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Notifier:WebhookUrl is refused: {refusal} (set Webhooks:AllowPrivateTargets=true to allow internal targets)");
    }

    const string SecretPrefix = "whsec_";

    static bool IsStandardSecret(string secret) =>
        secret.StartsWith(SecretPrefix, StringComparison.Ordinal) && secret.Length > SecretPrefix.Length
        && Convert.TryFromBase64String(secret[SecretPrefix.Length..], new byte[secret.Length], out _);
}
