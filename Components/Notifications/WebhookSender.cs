using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Queues.Components.Notifications;

/// <summary>Best effort: a slow or broken webhook must not hold up or fail the pipeline.</summary>
public sealed class WebhookSender(HttpClient http, IOptions<NotifierOptions> options, ILogger<WebhookSender> logger)
{
    public async Task SendAsync(JobNotification notification, CancellationToken cancellationToken)
    {
        var url = options.Value.WebhookUrl;
        if (string.IsNullOrWhiteSpace(url)) return;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.WebhookTimeoutSeconds));
            using var response = await http.PostAsJsonAsync(url, notification, timeout.Token);
            if (!response.IsSuccessStatusCode)
                logger.LogWarning("Webhook for job {JobId} answered {Status}", notification.JobId, (int)response.StatusCode);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Webhook for job {JobId} not delivered: {Reason}", notification.JobId, e.Message);
        }
    }
}
