using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.Components.Notifications;

/// <summary>
/// The "Webhooks" section: which targets a webhook may have and how a delivery is retried. Read by the Api (a
/// job's callbackUrl is checked at upload) and by the notifier (every delivery is checked again as it connects).
/// </summary>
public sealed class WebhookOptions : IValidatableObject
{
    /// <summary>
    /// Let webhooks reach loopback, private, link-local (cloud metadata) and other internal addresses. Off by default,
    /// so a caller cannot make the notifier call into the network it runs in; tests set it to reach their loopback receiver.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Tries per delivery, the first one included; after the last the message goes to webhooks_error.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the first retry; each following wait about doubles (MassTransit's exponential retry, with jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>No wait is longer than this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Deliveries in progress at once per notifier, waits between retries included: a receiver that is down holds its
    /// deliveries here while they wait, so this must be well above one receiver's share or it stalls the others.
    /// </summary>
    [Range(1, 10_000)]
    public int Concurrency { get; set; } = 32;

    public const int MaxUrlLength = 2_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryMaxDelay < RetryMinDelay)
            yield return new ValidationResult($"{nameof(RetryMaxDelay)} must be at least {nameof(RetryMinDelay)}", [nameof(RetryMaxDelay)]);
    }
}

[OptionsValidator]
public sealed partial class WebhookOptionsValidator : IValidateOptions<WebhookOptions>;
