using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Queues.Contracts;
using StandardWebhooks;

namespace Queues.Components.Notifications;

/// <summary>
/// One attempt of one delivery: POST the body, signed, and say what came of it. Never throws for the receiver's
/// sake; <see cref="DeliverWebhookConsumer"/> decides what a failure means. The headers are Standard Webhooks'
/// (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>), so a receiver verifies with a library.
/// </summary>
public sealed class WebhookSender(HttpClient http, IOptions<NotifierOptions> options, TimeProvider clock)
{
    static readonly WebhookConfigurationOptions Headers = WebhookConfigurationOptions.StandardWebhooks;

    public async Task<WebhookOutcome> PostAsync(DeliverWebhook delivery, CancellationToken cancellationToken)
    {
        var limit = options.Value.WebhookTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        // The exact bytes sent are the bytes signed; the time is this attempt's, so a late retry is not refused as a replay.
        // The id is the same for every attempt and redelivery of one notification: a receiver that saw it drops the repeat.
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(delivery.Body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = content };
        var now = clock.GetUtcNow();
        request.Headers.Add(Headers.IdHeaderKey, delivery.DeliveryId);
        request.Headers.Add(Headers.TimestampHeaderKey, now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (options.Value.WebhookSecret is { Length: > 0 } secret)
            request.Headers.Add(Headers.SignatureHeaderKey, new StandardWebhook(secret).Sign(delivery.DeliveryId, now, delivery.Body));
        var started = clock.GetTimestamp();
        double Ms() => clock.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return new WebhookOutcome((int)response.StatusCode, null, Refused: false, Ms());
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or OperationCanceledException)
        {
            if (RefusalIn(e) is { } refused) return new WebhookOutcome(null, "refused: " + refused.Message, Refused: true, Ms());
            return new WebhookOutcome(null, e is OperationCanceledException ? $"no answer within {limit.TotalSeconds:0.###} s" : Shorten(e.Message),
                Refused: false, Ms());
        }
    }

    static WebhookRefusedException? RefusalIn(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is WebhookRefusedException refused) return refused;
        return null;
    }

    static string Shorten(string message) => message.Length > 200 ? message[..200] : message;
}

/// <param name="Status">The receiver's HTTP status; null when it did not answer.</param>
/// <param name="Refused">The target is internal (<see cref="WebhookTargetGuard"/>): trying again cannot help.</param>
/// <param name="DurationMs">From sending to the response's headers, or to the error.</param>
public sealed record WebhookOutcome(int? Status, string? Error, bool Refused, double? DurationMs = null)
{
    public bool Delivered => Status is >= 200 and < 300;

    /// <summary>What GET /jobs/{id} shows as the last status: the HTTP status, or why there was none.</summary>
    public string Describe() => Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Error ?? "";
}
