using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Queues.Components.Notifications;
using Queues.Contracts;
using Queues.Tests.Support;
using StandardWebhooks;

namespace Queues.Tests.Notifications;

/// <summary>Every finished job is POSTed to Notifier:WebhookUrl, received here by a real HTTP server on loopback.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    /// <summary>A Standard Webhooks secret: "whsec_" and the base64 of a 24-byte key.</summary>
    internal const string Secret = "whsec_KC6ddI4yv0LVGh8c2HYI+BGIVMAINzwK";
    WebhookReceiver receiver = null!;
    WebhookApp app = null!;

    /// <summary>Every webhook to <paramref name="url"/> (a loopback receiver), signed with <paramref name="secret"/>.</summary>
    internal sealed class WebhookApp(string url, string secret = Secret) : StandaloneApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Notifier:WebhookUrl", url);
            builder.UseSetting("Notifier:WebhookSecret", secret);
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
    public async Task A_delivered_webhook_verifies_with_the_standard_webhooks_library()
    {
        var client = app.CreateClient();
        var job = await client.WaitForEndAsync((await client.UploadAsync(TestImages.Jpeg(400, 300))).Id);
        await Eventually.Until(() => receiver.DeliveriesOf(job.Id) == 1, "the webhook delivered");
        var delivered = receiver.RequestsFor(job.Id).ShouldHaveSingleItem();
        delivered.Headers.Keys.ShouldBe([WebhookReceiver.IdHeader, WebhookReceiver.TimestampHeader, WebhookReceiver.SignatureHeader], ignoreOrder: true);
        delivered.Headers[WebhookReceiver.SignatureHeader].ShouldStartWith("v1,");
        var headers = new HeaderDictionary(delivered.Headers.ToDictionary(h => h.Key, h => new Microsoft.Extensions.Primitives.StringValues(h.Value)));

        // What a receiver written in any language does: its Standard Webhooks library, given the same secret.
        Should.NotThrow(() => new StandardWebhook(Secret).Verify(delivered.RawBody, headers));
        Should.Throw<Exception>(() => new StandardWebhook("whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("another key, 24 bytes!!!"))).Verify(delivered.RawBody, headers));
        Should.Throw<Exception>(() => new StandardWebhook(Secret).Verify(delivered.RawBody + " ", headers));
    }

    [Fact]
    public async Task A_secret_not_in_the_standard_webhooks_form_stops_the_app_from_starting()
    {
        await using var plain = new WebhookApp(receiver.Url, secret: "a plain secret");
        var refusal = Should.Throw<Exception>(() => plain.CreateClient());
        refusal.ToString().ShouldContain("Notifier:WebhookSecret must be a Standard Webhooks secret: whsec_");
    }

    [Fact]
    public void A_signature_made_with_another_secret_or_over_another_body_or_id_does_not_verify()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { jobId = Guid.NewGuid() });
        var now = DateTimeOffset.UtcNow;
        string Timestamp(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString();
        var signature = new StandardWebhook(Secret).Sign("id-1", now, Encoding.UTF8.GetString(body));
        WebhookReceiver.Verifies("id-1", Timestamp(now), signature, body, Secret).ShouldBeTrue();
        WebhookReceiver.Verifies("id-1", Timestamp(now), "v1,other v1,xyz " + signature, body, Secret).ShouldBeTrue("one of several signatures (a key being rotated)");
        WebhookReceiver.Verifies("id-1", Timestamp(now), signature, body, "whsec_" + Convert.ToBase64String(new byte[24])).ShouldBeFalse();
        WebhookReceiver.Verifies("id-1", Timestamp(now), signature, [.. body, (byte)' '], Secret).ShouldBeFalse();
        WebhookReceiver.Verifies("id-2", Timestamp(now), signature, body, Secret).ShouldBeFalse("the id is signed");
        var old = now.AddMinutes(-10);
        WebhookReceiver.Verifies("id-1", Timestamp(old), new StandardWebhook(Secret).Sign("id-1", old, Encoding.UTF8.GetString(body)), body, Secret)
            .ShouldBeFalse("too old: a replay");
    }
}
