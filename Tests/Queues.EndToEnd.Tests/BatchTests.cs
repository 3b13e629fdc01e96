using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Queues.EndToEnd.Tests;

/// <summary>
/// A batch on the real pipeline (RabbitMQ, s3rver, the Api, two Workers and the Notifier as processes): its jobs end,
/// one of them failed, the batch ends, and its one batch.completed webhook reaches a real loopback receiver, signed.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class BatchTests(DistributedSystem system)
{
    [Fact]
    public async Task A_batch_of_20_with_one_truncated_jpeg_ends_with_19_completed_1_failed_and_one_signed_batch_webhook()
    {
        using var form = new MultipartFormDataContent();
        for (var i = 0; i < 20; i++)
        {
            var image = new ByteArrayContent(i == 7 ? TestImages.TruncatedJpeg(320, 240) : JobsClient.Jpeg(160 + i, 120));
            image.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(image, "file", $"album-{i + 1}.jpg");
        }
        using var created = await system.Http.PostAsync("batches", form);
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
        var accepted = await created.Content.ReadFromJsonAsync<JsonElement>();
        var batchId = accepted.GetProperty("batch").GetProperty("id").GetGuid();
        accepted.GetProperty("jobIds").GetArrayLength().ShouldBe(20);

        var ended = await Eventually.Until(() => system.Http.GetFromJsonAsync<JsonElement>($"batches/{batchId}"),
            b => b.GetProperty("ended").GetBoolean(), $"batch {batchId} to end", TimeSpan.FromSeconds(120));
        var counts = ended.GetProperty("counts");
        (counts.GetProperty("completed").GetInt32(), counts.GetProperty("failed").GetInt32(), counts.GetProperty("cancelled").GetInt32())
            .ShouldBe((19, 1, 0));

        await Eventually.Until(() => system.Webhooks.DeliveriesOf(batchId) >= 1, "the batch.completed webhook", TimeSpan.FromSeconds(60));
        // Its delivery recorded on the batch row: the one try the notifier reports, after which nothing more is queued.
        await Eventually.Until(() => system.Http.GetFromJsonAsync<JsonElement>($"batches/{batchId}"),
            b => b.TryGetProperty("webhook", out var hook) && hook.ValueKind == JsonValueKind.Object
                 && hook.GetProperty("deliveredAt").ValueKind != JsonValueKind.Null,
            "the delivery to be recorded on the batch", TimeSpan.FromSeconds(60));
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
