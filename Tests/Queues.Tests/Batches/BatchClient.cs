using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Queues.Api.Jobs;
using Queues.Tests.Support;

namespace Queues.Tests.Batches;

/// <summary>POST /batches and GET /batches/{id} from a test.</summary>
public static class BatchClient
{
    public static MultipartFormDataContent Form(IEnumerable<byte[]> files, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var i = 0;
        foreach (var file in files)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(content, "file", $"photo{++i}.jpg");
        }
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    public static async Task<BatchAccepted> CreateBatchAsync(this HttpClient client, IEnumerable<byte[]> files, params (string Name, string Value)[] fields)
    {
        using var response = await client.PostAsync("/batches", Form(files, fields));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<BatchAccepted>(StandaloneApp.Json))!;
    }

    public static async Task<BatchView> GetBatchAsync(this HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<BatchView>($"/batches/{id}", StandaloneApp.Json))!;

    public static Task<BatchView> WaitForBatchEndAsync(this HttpClient client, Guid id, int seconds = 30) =>
        Eventually.Until(() => client.GetBatchAsync(id), batch => batch.Ended, $"batch {id} to end", TimeSpan.FromSeconds(seconds));

    /// <summary>A job added to a batch with POST /jobs, held back an hour (notBefore) so it stays Queued until cancelled or deleted.</summary>
    public static async Task<HttpResponseMessage> AddJobAsync(this HttpClient client, string batchId, byte[] file, bool heldBack = false)
    {
        var form = JobsClient.Form(file);
        form.Add(new StringContent(batchId), "batchId");
        if (heldBack) form.Add(new StringContent(DateTime.UtcNow.AddHours(1).ToString("O")), "notBefore");
        return await client.PostAsync("/jobs", form);
    }
}
