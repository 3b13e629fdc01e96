using Microsoft.EntityFrameworkCore;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>
/// A batch's webhook attempts, counted on its row as a job's are (<see cref="RecordWebhookAttemptConsumer"/>): the
/// delivery carries the batch's id where a job's carries the job's, told apart by the event.
/// </summary>
public static class BatchWebhooks
{
    public const string Event = "batch.completed";

    public static Task RecordAsync(JobsDbContext db, WebhookAttempted e, string status, CancellationToken cancellationToken)
    {
        DateTime? at = e.At, deliveredAt = e.Delivered ? e.At : null;
        var toCallbackUrl = e.ToCallbackUrl;
        return db.Batches.Where(b => b.Id == e.JobId && (b.CallbackUrl != null) == toCallbackUrl)
            .ExecuteUpdateAsync(s => s
                .SetProperty(b => b.WebhookAttempts, b => b.WebhookAttempts + 1)
                .SetProperty(b => b.WebhookLastStatus, b => b.WebhookDeliveredAt == null ? status : b.WebhookLastStatus)
                .SetProperty(b => b.WebhookLastAttemptAt, b => b.WebhookDeliveredAt == null ? at : b.WebhookLastAttemptAt)
                .SetProperty(b => b.WebhookDeliveredAt, b => b.WebhookDeliveredAt ?? deliveredAt), cancellationToken);
    }
}
