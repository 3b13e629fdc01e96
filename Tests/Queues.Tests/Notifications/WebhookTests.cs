using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Queues.Components.Notifications;
using Queues.Contracts;
using Queues.Tests.Support;

namespace Queues.Tests.Notifications;

/// <summary>Every finished job is POSTed to Notifier:WebhookUrl, received here by a real HTTP server on loopback.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    const string Secret = "webhook-test-secret";
    WebhookReceiver receiver = null!;
    WebhookApp app = null!;

    sealed class WebhookApp(string url) : StandaloneApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Notifier:WebhookUrl", url);
            builder.UseSetting("Notifier:WebhookSecret", Secret);
            builder.UseSetting("Webhooks:AllowPrivateTargets", "true");
        }
    }

    public Task InitializeAsync()
    {
        receiver = WebhookReceiver.Start(Secret);
        app = new WebhookApp(receiver.Url);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task Completed_and_failed_jobs_are_posted_to_the_webhook()
    {
        var client = app.CreateClient();
        var ok = await client.WaitForEndAsync((await client.UploadAsync(TestImages.Jpeg(400, 300))).Id);
        var bad = await client.WaitForEndAsync((await client.UploadAsync(TestImages.TruncatedJpeg())).Id);

        await Eventually.Until(() => receiver.DeliveriesOf(ok.Id) + receiver.DeliveriesOf(bad.Id) >= 2, "the webhook to receive both jobs");
        var completed = receiver.RequestsFor(ok.Id).ShouldHaveSingleItem();
        completed.Body.GetProperty("event").GetString().ShouldBe("job.completed");
        completed.Body.GetProperty("workerId").GetString().ShouldBe(app.WorkerId);
        completed.Body.GetProperty("resultKey").GetString().ShouldBe($"results/{ok.Id:N}.jpg");
        var failed = receiver.RequestsFor(bad.Id).ShouldHaveSingleItem();
        failed.Body.GetProperty("event").GetString().ShouldBe("job.failed");
        failed.Body.GetProperty("reason").GetString()!.ShouldContain("JPEG data ends before the whole image is decoded");
        new[] { completed, failed }.ShouldAllBe(r => r.SignatureValid);
        completed.WebhookId.ShouldNotBe(failed.WebhookId);
    }

    [Fact]
    public async Task A_completion_announced_twice_is_counted_and_sent_on_once()
    {
        var client = app.CreateClient();
        var job = await client.WaitForEndAsync((await client.UploadAsync(TestImages.Jpeg(400, 300))).Id);
        await Eventually.Until(() => receiver.DeliveriesOf(job.Id) == 1, "the webhook delivered");
        var announced = app.Harness.PublishedSoFar<JobCompleted>(e => e.JobId == job.Id).ShouldHaveSingleItem();

        await app.Harness.Bus.Publish(announced); // as a redelivery would bring it again
        await app.Harness.WaitUntilConsumedAsync<NotifyCompletionConsumer, JobCompleted>(e => e.JobId == job.Id, "the repeat", count: 2);

        app.Harness.SentSoFar<DeliverWebhook>(d => d.JobId == job.Id).Count.ShouldBe(1, "one delivery queued, for the first only");
        receiver.DeliveriesOf(job.Id).ShouldBe(1);
    }

    [Fact]
    public void A_signature_made_with_another_secret_or_over_another_body_does_not_verify()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { jobId = Guid.NewGuid() });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Components.Notifications.WebhookSignature.For(Secret, now, body);
        WebhookReceiver.Verifies(header, body, Secret).ShouldBeTrue();
        WebhookReceiver.Verifies(header, body, "another secret").ShouldBeFalse();
        WebhookReceiver.Verifies(header, [.. body, (byte)' '], Secret).ShouldBeFalse();
        WebhookReceiver.Verifies(Components.Notifications.WebhookSignature.For(Secret, now - 600, body), body, Secret).ShouldBeFalse("too old: a replay");
    }
}
