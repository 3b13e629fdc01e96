using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Queues.ServiceDefaults.Storage;
using Queues.Tests.Support;

namespace Queues.EndToEnd.Tests;

/// <summary>Renditions and the preview on real processes: a worker makes the renditions and the preview, over RabbitMQ and S3.</summary>
[Collection(DistributedCollection.Name)]
public sealed class DistributedRenditionsTests(DistributedSystem system)
{
    [Fact]
    public async Task An_upload_with_two_renditions_has_both_results_and_a_preview_in_the_object_store()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(JobsClient.Jpeg(1600, 1200));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", "e2e.jpg");
        form.Add(new StringContent("thumb=resize:320x320"), "rendition");
        form.Add(new StringContent("card=resize:800x600:cover,format:webp"), "rendition");
        using var response = await system.Http.PostAsync("jobs", form);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<Job>())!.Id;

        var job = (await system.Http.WaitForEndAsync([id], TimeSpan.FromSeconds(120)))[id];
        job.State.ShouldBe("Completed", job.FailureReason);

        var view = await system.Http.GetFromJsonAsync<JsonElement>($"jobs/{id}");
        var renditions = view.GetProperty("renditions").EnumerateArray().ToList();
        renditions.Select(r => r.GetProperty("name").GetString()).ShouldBe(["thumb", "card"]);
        var card = renditions[1].GetProperty("result");
        (card.GetProperty("width").GetInt32(), card.GetProperty("height").GetInt32()).ShouldBe((800, 600));

        var stored = (await system.Storage.GetAsync(ObjectKeys.Result(id, "card", "webp"))).ShouldNotBeNull();
        (await system.Http.GetByteArrayAsync($"jobs/{id}/result/card")).ShouldBe(stored);
        (await system.Storage.GetAsync(ObjectKeys.Result(id, "thumb", "jpg"))).ShouldNotBeNull();
        // The preview is the Api's, made on the first request and kept in the object store.
        var preview = await system.Http.GetByteArrayAsync($"jobs/{id}/preview");
        (await system.Storage.GetAsync(ObjectKeys.Preview(id))).ShouldBe(preview);
        using var decoded = Pixels.Decode(preview);
        decoded.Width.ShouldBe(160);
    }
}
