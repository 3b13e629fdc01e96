using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Queues.Components.Notifications;

/// <summary>Best effort: a slow or broken webhook must not hold up or fail the pipeline.</summary>
public sealed class WebhookSender(HttpClient http, IOptions<NotifierOptions> options, TimeProvider clock, ILogger<WebhookSender> logger)
{
    public async Task SendAsync(JobNotification notification, CancellationToken cancellationToken)
    {
        var url = options.Value.WebhookUrl;
        if (string.IsNullOrWhiteSpace(url)) return;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.WebhookTimeoutSeconds));
            // The exact bytes sent are the bytes signed.
            var body = JsonSerializer.SerializeToUtf8Bytes(notification, JsonSerializerOptions.Web);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            if (options.Value.WebhookSecret is { Length: > 0 } secret)
                request.Headers.Add(WebhookSignature.Header, WebhookSignature.For(secret, clock.GetUtcNow().ToUnixTimeSeconds(), body));
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
                logger.LogWarning("Webhook for job {JobId} answered {Status}", notification.JobId, (int)response.StatusCode);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Webhook for job {JobId} not delivered: {Reason}", notification.JobId, e.Message);
        }
    }
}
