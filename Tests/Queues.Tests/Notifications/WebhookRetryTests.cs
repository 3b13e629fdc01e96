using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Queues.Api.Jobs;
using Queues.Contracts;
using Queues.Tests.Support;

namespace Queues.Tests.Notifications;

/// <summary>
/// Deliveries that fail are tried again with a growing wait, on the app's own bus, until the receiver takes them or
/// the attempts run out; each job's row counts the attempts of its own delivery. Short waits by configuration.
/// </summary>
public sealed class WebhookRetryTests : IAsyncLifetime
{
    const string Secret = "whsec_NDFYcVL0onEu17b3R71j9kjUdmWnX3gG";
    WebhookReceiver receiver = null!;

    sealed class RetryApp(string? globalUrl, int maxAttempts) : StandaloneApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (globalUrl is not null) builder.UseSetting("Notifier:WebhookUrl", globalUrl);
            builder.UseSetting("Notifier:WebhookSecret", Secret);
            builder.UseSetting("Webhooks:AllowPrivateTargets", "true");
            builder.UseSetting("Webhooks:MaxAttempts", maxAttempts.ToString());
            builder.UseSetting("Webhooks:RetryMinDelay", "00:00:00.020");
            builder.UseSetting("Webhooks:RetryMaxDelay", "00:00:00.100");
        }
    }

    public Task InitializeAsync()
    {
        receiver = WebhookReceiver.Start(Secret);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    [Fact]
    public async Task A_receiver_failing_three_times_gets_one_accepted_delivery_and_the_job_shows_four_attempts()
    {
        await using var app = new RetryApp(receiver.UrlFor("global"), maxAttempts: 8);
        var client = app.CreateClient();
        receiver.FailFirst = 3;
        var job = await client.UploadAsync(TestImages.Jpeg(64, 48), callbackUrl: receiver.UrlFor("callback"));
        job.Webhook.ShouldNotBeNull().CallbackUrl.ShouldBe(receiver.UrlFor("callback"));

        await Eventually.Until(() => receiver.DeliveriesOf(job.Id, "callback") + receiver.DeliveriesOf(job.Id, "global") >= 2,
            "both deliveries to be accepted");
        // Both deliveries' attempts reached the Api; only the callback's count on the job.
        await app.Harness.WaitUntilConsumedAsync<RecordWebhookAttemptConsumer, WebhookAttempted>(e => e.JobId == job.Id,
            "four attempts of each delivery", 8);

        foreach (var path in new[] { "callback", "global" })
        {
            var requests = receiver.RequestsFor(job.Id, path);
            requests.Select(r => r.Accepted).ShouldBe([false, false, false, true], $"the {path} delivery");
            requests.ShouldAllBe(r => r.SignatureValid);
            requests.Select(r => r.WebhookId).Distinct().ShouldHaveSingleItem().ShouldStartWith($"{job.Id}.job.completed.");
        }
        var webhook = (await client.GetJobAsync(job.Id)).Webhook.ShouldNotBeNull();
        webhook.Attempts.ShouldBe(4);
        webhook.LastStatus.ShouldBe("200");
        webhook.DeliveredAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_receiver_that_never_accepts_gets_every_attempt_and_the_delivery_ends_in_the_error_queue()
    {
        await using var app = new RetryApp(null, maxAttempts: 3);
        var client = app.CreateClient();
        receiver.FailFirst = int.MaxValue;
        var job = await client.UploadAsync(TestImages.Jpeg(64, 48), callbackUrl: receiver.Url);

        await Eventually.Until(() => app.Harness.PublishedSoFar<Fault<DeliverWebhook>>(f => f.Message.JobId == job.Id).Count > 0,
            "the delivery to fault after its last attempt");
        await app.Harness.WaitUntilConsumedAsync<RecordWebhookAttemptConsumer, WebhookAttempted>(e => e.JobId == job.Id, "three attempts", 3);
        receiver.RequestsFor(job.Id).Count.ShouldBe(3);
        var webhook = (await client.GetJobAsync(job.Id)).Webhook.ShouldNotBeNull();
        webhook.Attempts.ShouldBe(3);
        webhook.LastStatus.ShouldBe("503");
        webhook.DeliveredAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_receiver_that_drops_the_connection_is_tried_again_and_the_job_says_why()
    {
        await using var app = new RetryApp(null, maxAttempts: 8);
        var client = app.CreateClient();
        receiver.Down = true;
        var job = await client.UploadAsync(TestImages.Jpeg(64, 48), callbackUrl: receiver.Url);
        var failing = await Eventually.Until(async () => (await client.GetJobAsync(job.Id)).Webhook!, w => w.Attempts >= 2,
            "two attempts on the job");
        failing.DeliveredAt.ShouldBeNull();
        failing.LastStatus.ShouldNotBeNullOrEmpty();
        failing.LastStatus.ShouldNotBe("200");

        receiver.Down = false;
        // Every attempt counts on the job: each dropped one, and the one that got through.
        var delivered = await Eventually.Until(async () => (await client.GetJobAsync(job.Id)).Webhook!,
            w => w.DeliveredAt is not null && w.Attempts == receiver.Dropped + 1, "the delivery once the receiver is back, after every attempt counted");
        delivered.LastStatus.ShouldBe("200");
        receiver.DeliveriesOf(job.Id).ShouldBe(1);
    }
}
