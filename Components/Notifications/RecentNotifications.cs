using System.Collections.Concurrent;

namespace Queues.Components.Notifications;

/// <summary>
/// The announcements this notifier has already handled, by the id their webhook carries (job, event, finish time), so
/// that one delivered twice is counted and sent on once. The Api announces each job's end once, but at-least-once
/// delivery still repeats one now and then: a broker node crashing took 4 JobCompleted of 501 twice to the notifier in
/// ChaosTests (a publish confirmed too late and sent again, or a delivery requeued after its connection died).
/// A requeued copy can arrive while the first is still being handled, so an id is claimed before the work, not
/// marked after it: the second copy sees <see cref="Claim.InProgress"/> and is retried until the first has ended
/// (handled, or released by its failure). Kept in memory, the last <see cref="Capacity"/> ids: a repeat after a
/// notifier restart, or to another notifier replica, still goes through, and the webhook's webhook-id lets the
/// receiver drop it.
/// </summary>
public sealed class RecentNotifications
{
    public const int Capacity = 100_000;
    readonly ConcurrentDictionary<string, bool> handled = new(); // false while the claim's holder is at work
    readonly ConcurrentQueue<string> order = new();

    enum Claim { First, Repeat, InProgress }

    public static string IdOf(JobNotification notification) => $"{notification.JobId}.{notification.Event}.{notification.At.Ticks}";

    /// <summary>A batch ends once, so its id and event are enough.</summary>
    public static string IdOf(BatchNotification notification) => $"{notification.BatchId}.{notification.Event}";

    /// <summary>
    /// Runs <paramref name="handle"/> for the first delivery of <paramref name="id"/>; false, without running it, for a
    /// repeat of one already handled. Throws <see cref="NotificationInProgressException"/> for a copy that arrived
    /// while the first is at work, and forgets the claim when <paramref name="handle"/> throws, so a retry runs it again.
    /// </summary>
    public async Task<bool> OnceAsync(string id, Func<Task> handle)
    {
        switch (TryClaim(id))
        {
            case Claim.Repeat: return false;
            case Claim.InProgress: throw new NotificationInProgressException(id);
        }
        try
        {
            await handle();
        }
        catch
        {
            Release(id);
            throw;
        }
        Handled(id);
        return true;
    }

    Claim TryClaim(string id) =>
        handled.TryAdd(id, false) ? Claim.First
        : handled.TryGetValue(id, out var done) ? done ? Claim.Repeat : Claim.InProgress
        : TryClaim(id); // released between the two reads

    void Handled(string id)
    {
        handled[id] = true;
        order.Enqueue(id);
        while (order.Count > Capacity && order.TryDequeue(out var oldest)) handled.TryRemove(oldest, out _);
    }

    void Release(string id) => handled.TryRemove(id, out _);
}

/// <summary>Thrown for a copy of a notification another consume is handling; the consumer's retry tries it again.</summary>
public sealed class NotificationInProgressException(string id)
    : Exception($"Notification {id} is being handled by another delivery of the same message");
