using System.Collections.Concurrent;

namespace Queues.Components.Notifications;

/// <summary>
/// The announcements this notifier has already handled, by the id their webhook carries (job, event, finish time), so
/// that one delivered twice is counted and sent on once. The Api announces each job's end once, but at-least-once
/// delivery still repeats one now and then: a broker node crashing took 4 JobCompleted of 501 twice to the notifier in
/// ChaosTests (a publish confirmed too late and sent again, or a delivery requeued after its connection died).
/// Kept in memory, the last <see cref="Capacity"/> ids: a repeat after a notifier restart, or to another notifier
/// replica, still goes through, and the webhook's X-Webhook-Id lets the receiver drop it.
/// </summary>
public sealed class RecentNotifications
{
    public const int Capacity = 100_000;
    readonly ConcurrentDictionary<string, byte> seen = new();
    readonly ConcurrentQueue<string> order = new();

    public static string IdOf(JobNotification notification) => $"{notification.JobId}.{notification.Event}.{notification.At.Ticks}";

    public bool Seen(string id) => seen.ContainsKey(id);

    /// <summary>After the notification was handled: a consume that failed before it is retried in full.</summary>
    public void Handled(string id)
    {
        if (!seen.TryAdd(id, 0)) return;
        order.Enqueue(id);
        while (order.Count > Capacity && order.TryDequeue(out var oldest)) seen.TryRemove(oldest, out _);
    }
}
