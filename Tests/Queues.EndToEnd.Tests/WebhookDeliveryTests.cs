using Queues.Tests.Support;
using Xunit.Abstractions;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// Webhooks that lose nothing, with the real Notifier process and RabbitMQ: a delivery the receiver refuses is
/// tried again until it is taken, and one pending when the Notifier is killed (SIGKILL) is delivered by the next
/// Notifier, once. Each job sends to its own callbackUrl, a receiver of this test's.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class WebhookDeliveryTests(DistributedSystem system, ITestOutputHelper output) : IAsyncLifetime
{
    readonly WebhookReceiver callbacks = WebhookReceiver.Start(DistributedSystem.WebhookSecret);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await callbacks.DisposeAsync();

    Task<Job[]> JobsAsync(IEnumerable<Guid> ids) => Task.WhenAll(ids.Select(system.Http.GetJobAsync));

    async Task<List<Guid>> UploadAsync(int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++) ids.Add(await system.Http.UploadAsync(JobsClient.Jpeg(160, 120), callbackUrl: callbacks.Url));
        return ids;
    }

    [Fact]
    public async Task A_receiver_refusing_the_first_three_attempts_gets_exactly_one_accepted_delivery_per_job()
    {
        callbacks.FailFirst = 3;
        var ids = await UploadAsync(4);

        var jobs = await Eventually.Until(() => JobsAsync(ids), js => js.All(j => j.Webhook is { DeliveredAt: not null, Attempts: 4 }),
            "every job's delivery taken on its fourth attempt, each attempt counted on the job", TimeSpan.FromSeconds(120));

        foreach (var job in jobs)
        {
            job.Webhook!.LastStatus.ShouldBe("200");
            job.Webhook.CallbackUrl.ShouldBe(callbacks.Url);
            var requests = callbacks.RequestsFor(job.Id);
            requests.Select(r => r.Accepted).ShouldBe([false, false, false, true], $"job {job.Id}");
            requests.ShouldAllBe(r => r.SignatureValid);
            requests.Select(r => r.WebhookId).Distinct().ShouldHaveSingleItem().ShouldStartWith($"{job.Id}.job.completed.");
        }
        // The global webhook gets its own delivery of each, tried on its own.
        await Eventually.Until(() => ids.All(id => system.Webhooks.DeliveriesOf(id) == 1), "one global delivery per job");
    }

    [Fact]
    public async Task Deliveries_pending_when_the_notifier_is_killed_arrive_exactly_once_after_it_restarts()
    {
        callbacks.Down = true;
        var ids = await UploadAsync(5);
        // Every job's delivery has been tried and is waiting to be tried again, inside the Notifier.
        var before = await Eventually.Until(() => JobsAsync(ids), js => js.All(j => j.Webhook is { Attempts: >= 1, DeliveredAt: null }),
            "a failed attempt of every job's delivery", TimeSpan.FromSeconds(120));
        callbacks.DeliveriesOf(ids[0]).ShouldBe(0);

        system.KillNotifier();
        output.WriteLine($"Notifier killed after {callbacks.Dropped} dropped attempts; attempts per job {string.Join(", ", before.Select(j => j.Webhook!.Attempts))}");
        callbacks.Down = false;
        await system.RestartNotifierAsync();

        var after = await Eventually.Until(() => JobsAsync(ids), js => js.All(j => j.Webhook?.DeliveredAt is not null),
            "every pending delivery to arrive from the restarted Notifier", TimeSpan.FromSeconds(120));
        ids.Select(id => callbacks.DeliveriesOf(id)).ShouldAllBe(n => n == 1, "each job delivered once");
        foreach (var job in after)
        {
            job.Webhook!.LastStatus.ShouldBe("200");
            // The attempts before the kill still count: the row adds each one, whichever Notifier made it.
            job.Webhook.Attempts.ShouldBeGreaterThan(before.Single(b => b.Id == job.Id).Webhook!.Attempts);
        }
    }
}
