using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// A batch on the real pipeline (RabbitMQ, s3rver, the Api, two Workers and the Notifier as processes): its jobs end,
/// one of them failed, the batch ends, and its one batch.completed webhook reaches a real loopback receiver, signed.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class BatchTests(DistributedSystem system)
{
    /// <summary>
    /// The broker stops while a batch is being processed, and jobs are added to it meanwhile (the outbox holds them): once
    /// it is back, every job ends, and the batch ends once, counting all of them, with one webhook.
    /// </summary>
    [Fact]
    public async Task A_broker_outage_during_a_batch_still_ends_it_once_with_every_job_accounted_for()
    {
        var batchId = await CreateAsync(Enumerable.Range(0, 12).Select(i => JobsClient.Jpeg(1200 + i, 900)).ToList(), "blur:3,resize:320x320");
        // One job due in a minute keeps the batch open into the outage, however fast the others go (it waits out the outage in the outbox).
        using (var form = Form([JobsClient.Jpeg(640, 480)]))
        {
            form.Add(new StringContent(batchId.ToString()), "batchId");
            form.Add(new StringContent(DateTime.UtcNow.AddMinutes(1).ToString("O")), "notBefore");
            using var held = await system.Http.PostAsync("jobs", form);
            held.StatusCode.ShouldBe(HttpStatusCode.Accepted, await held.Content.ReadAsStringAsync());
        }
        await Eventually.Until(() => system.Http.GetFromJsonAsync<JsonElement>($"batches/{batchId}"),
            b => b.GetProperty("counts").GetProperty("completed").GetInt32() >= 1, "the batch's first completion", TimeSpan.FromSeconds(60));
        var heldBefore = OutboxHeldJobs();
        await system.ServersAsync("broker", "stop");
        try
        {
            for (var i = 0; i < 3; i++)
            {
                using var form = Form([JobsClient.Jpeg(640, 480)], "resize:160x160");
                form.Add(new StringContent(batchId.ToString()), "batchId");
                using var added = await system.Http.PostAsync("jobs", form);
                added.StatusCode.ShouldBe(HttpStatusCode.Accepted, await added.Content.ReadAsStringAsync());
            }
            await Eventually.Until(() => OutboxHeldJobs() > heldBefore, "the Api's outbox to report that accepted jobs wait for the broker",
                TimeSpan.FromSeconds(60));
        }
        finally
        {
            await system.ServersAsync("broker", "start");
        }

        var ended = await Eventually.Until(() => system.Http.GetFromJsonAsync<JsonElement>($"batches/{batchId}"),
            b => b.GetProperty("ended").GetBoolean(), $"batch {batchId} to end after the outage", TimeSpan.FromSeconds(180));
        ended.GetProperty("total").GetInt32().ShouldBe(16);
        ended.GetProperty("counts").GetProperty("completed").GetInt32().ShouldBe(16);
        await DeliveryRecordedAsync(batchId);
        var delivery = system.Webhooks.RequestsFor(batchId).ShouldHaveSingleItem();
        delivery.Body.GetProperty("total").GetInt32().ShouldBe(16);
        delivery.Body.GetProperty("completed").GetInt32().ShouldBe(16);
    }

    /// <summary>The batch's webhook delivered and recorded on its row: the notifier's report of it came back to the Api.</summary>
    Task DeliveryRecordedAsync(Guid batchId) =>
        Eventually.Until(() => system.Http.GetFromJsonAsync<JsonElement>($"batches/{batchId}"),
            b => b.TryGetProperty("webhook", out var hook) && hook.ValueKind == JsonValueKind.Object
                 && hook.GetProperty("deliveredAt").ValueKind != JsonValueKind.Null,
            "the batch's delivery to be recorded on the batch", TimeSpan.FromSeconds(120));

    int OutboxHeldJobs() => Regex.Count(system.Api.LogText(), "accepted jobs wait in the outbox");

    static MultipartFormDataContent Form(IReadOnlyList<byte[]> images, string? operations = null)
    {
        var form = new MultipartFormDataContent();
        for (var i = 0; i < images.Count; i++)
        {
            var image = new ByteArrayContent(images[i]);
            image.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(image, "file", $"album-{i + 1}.jpg");
        }
        if (operations is not null) form.Add(new StringContent(operations), "operations");
        return form;
    }

    async Task<Guid> CreateAsync(IReadOnlyList<byte[]> images, string? operations = null)
    {
        using var form = Form(images, operations);
        using var created = await system.Http.PostAsync("batches", form);
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
        var accepted = await created.Content.ReadFromJsonAsync<JsonElement>();
        accepted.GetProperty("jobIds").GetArrayLength().ShouldBe(images.Count);
        return accepted.GetProperty("batch").GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task A_batch_of_20_with_one_truncated_jpeg_ends_with_19_completed_1_failed_and_one_signed_batch_webhook()
    {
        var batchId = await CreateAsync(Enumerable.Range(0, 20).Select(i => i == 7 ? TestImages.TruncatedJpeg(320, 240) : JobsClient.Jpeg(160 + i, 120)).ToList());

        var ended = await Eventually.Until(() => system.Http.GetFromJsonAsync<JsonElement>($"batches/{batchId}"),
            b => b.GetProperty("ended").GetBoolean(), $"batch {batchId} to end", TimeSpan.FromSeconds(120));
        var counts = ended.GetProperty("counts");
        (counts.GetProperty("completed").GetInt32(), counts.GetProperty("failed").GetInt32(), counts.GetProperty("cancelled").GetInt32())
            .ShouldBe((19, 1, 0));

        await Eventually.Until(() => system.Webhooks.DeliveriesOf(batchId) >= 1, "the batch.completed webhook", TimeSpan.FromSeconds(60));
        // Its delivery recorded on the batch row: the one try the notifier reports, after which nothing more is queued.
        await DeliveryRecordedAsync(batchId);
        var delivery = system.Webhooks.RequestsFor(batchId).ShouldHaveSingleItem();
        delivery.SignatureValid.ShouldBeTrue();
        delivery.WebhookId.ShouldBe($"{batchId}.batch.completed");
        delivery.Body.GetProperty("event").GetString().ShouldBe("batch.completed");
        delivery.Body.GetProperty("completed").GetInt32().ShouldBe(19);
        delivery.Body.GetProperty("failed").GetInt32().ShouldBe(1);
        delivery.Body.GetProperty("cancelled").GetInt32().ShouldBe(0);
        delivery.Body.GetProperty("total").GetInt32().ShouldBe(20);
    }
}
