using MassTransit;
using Microsoft.EntityFrameworkCore;
using Queues.Contracts;

namespace Queues.Api.Jobs;

/// <summary>
/// Counts a webhook attempt on its job, in one conditional UPDATE: only the attempts of the delivery the job shows (to
/// its callbackUrl when it has one, else to the global URL). Adding one per event, rather than taking the notifier's
/// attempt number, keeps counting across a notifier restart, where that number starts again at 1. Once delivered, a
/// late report of an earlier failure still counts but changes neither the status nor the time. Not a job state:
/// <see cref="JobTransitions"/> is not involved. Every try, to either URL, goes on the job's timeline.
/// </summary>
public sealed class RecordWebhookAttemptConsumer(JobsDbContext db, JobTimeline timeline) : IConsumer<WebhookAttempted>
{
    public const int MaxStatusLength = 200;

    public async Task Consume(ConsumeContext<WebhookAttempted> context)
    {
        var e = context.Message;
        var status = Status(e);
        DateTime? at = e.At, deliveredAt = e.Delivered ? e.At : null;
        var toCallbackUrl = e.ToCallbackUrl;
        if (e.Event == BatchWebhooks.Event)
        {
            await BatchWebhooks.RecordAsync(db, e, status, context.CancellationToken);
            return;
        }
        await db.Jobs.Where(j => j.Id == e.JobId && (j.CallbackUrl != null) == toCallbackUrl)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.WebhookAttempts, j => j.WebhookAttempts + 1)
                .SetProperty(j => j.WebhookLastStatus, j => j.WebhookDeliveredAt == null ? status : j.WebhookLastStatus)
                .SetProperty(j => j.WebhookLastAttemptAt, j => j.WebhookDeliveredAt == null ? at : j.WebhookLastAttemptAt)
                .SetProperty(j => j.WebhookDeliveredAt, j => j.WebhookDeliveredAt ?? deliveredAt), context.CancellationToken);
        timeline.Record(e.JobId, JobEventKinds.Webhook, JobEventDetail.Of(("event", e.Event), ("target", e.ToCallbackUrl ? "callbackUrl" : "global"),
            ("attempt", e.Attempt), ("status", e.Status), ("error", e.Error), ("delivered", e.Delivered), ("durationMs", e.DurationMs)), "notifier", e.At);
    }

    internal static string Status(WebhookAttempted e)
    {
        var status = e.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? e.Error ?? "no answer";
        return status.Length > MaxStatusLength ? status[..MaxStatusLength] : status;
    }
}
