namespace Queues.Contracts;

/// <summary>
/// Command, notifier to itself (queue "webhooks"): POST this body to this URL until it answers 2xx. A message rather
/// than a call, so a delivery that is being retried stays unacknowledged in the broker and a notifier killed
/// meanwhile leaves it to the next one.
/// </summary>
/// <param name="JobId">The job's id, or for <c>batch.completed</c> the batch's.</param>
/// <param name="Event">job.completed, job.failed or batch.completed.</param>
/// <param name="ToCallbackUrl">True: the job's own callbackUrl; false: the global Notifier:WebhookUrl.</param>
/// <param name="Body">The JSON sent, fixed once so every attempt sends (and signs) the same bytes.</param>
/// <param name="DeliveryId">The webhook-id header (Standard Webhooks): the same for every attempt of one notification, so a receiver can drop repeats.</param>
public record DeliverWebhook(
    Guid JobId,
    string Event,
    string Url,
    bool ToCallbackUrl,
    string Body,
    string DeliveryId);
