using Queues.Components.Notifications;

namespace Queues.Tests.Notifications;

public sealed class RecentNotificationsTests
{
    readonly RecentNotifications recent = new();

    [Fact]
    public async Task The_first_delivery_is_handled_and_a_repeat_is_not()
    {
        var runs = 0;
        (await recent.OnceAsync("job.completed.1", () => { runs++; return Task.CompletedTask; })).ShouldBeTrue();
        (await recent.OnceAsync("job.completed.1", () => { runs++; return Task.CompletedTask; })).ShouldBeFalse();
        (await recent.OnceAsync("job.failed.1", () => { runs++; return Task.CompletedTask; })).ShouldBeTrue("another id");
        runs.ShouldBe(2);
    }

    [Fact]
    public async Task A_copy_that_arrives_while_the_first_is_at_work_is_sent_back_to_be_retried_and_then_is_a_repeat()
    {
        var release = new TaskCompletionSource();
        var first = recent.OnceAsync("id", () => release.Task);
        first.IsCompleted.ShouldBeFalse();

        var copy = await Should.ThrowAsync<NotificationInProgressException>(() => recent.OnceAsync("id", () => Task.CompletedTask));
        copy.Message.ShouldContain("id");

        release.SetResult();
        (await first).ShouldBeTrue();
        (await recent.OnceAsync("id", () => throw new InvalidOperationException("must not run"))).ShouldBeFalse("the retried copy");
    }

    [Fact]
    public async Task A_first_delivery_that_fails_leaves_the_next_one_to_handle_it()
    {
        await Should.ThrowAsync<IOException>(() => recent.OnceAsync("id", () => throw new IOException("the broker channel closed")));

        var handled = false;
        (await recent.OnceAsync("id", () => { handled = true; return Task.CompletedTask; })).ShouldBeTrue();
        handled.ShouldBeTrue();
    }
}
