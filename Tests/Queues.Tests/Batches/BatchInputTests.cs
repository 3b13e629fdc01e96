using System.Net;
using System.Text.Json;
using Queues.Tests.Support;

namespace Queues.Tests.Batches;

/// <summary>Bad batches are refused with a problem document that says why, and leave nothing behind.</summary>
public sealed class BatchInputTests(KeyedApp app) : IClassFixture<KeyedApp>
{
    HttpClient TenantA => app.ClientWith(KeyedApp.TenantAKey);

    [Fact]
    public async Task An_empty_batch_is_400()
    {
        using var response = await TenantA.PostAsync("/batches", BatchClient.Form([], ("operations", "grayscale")));
        await ShouldBeProblem(response, HttpStatusCode.BadRequest, "Empty batch", "at least one image");
    }

    [Fact]
    public async Task A_batch_of_1001_files_is_400_naming_the_limit()
    {
        var tiny = TestImages.Jpeg(8, 8, quality: 50);
        using var response = await TenantA.PostAsync("/batches", BatchClient.Form(Enumerable.Repeat(tiny, 1001)));
        await ShouldBeProblem(response, HttpStatusCode.BadRequest, "Too many files", "1001 files; at most 1000 (Uploads:MaxFilesPerBatch)");
    }

    [Fact]
    public async Task One_bad_file_refuses_the_batch_naming_the_file_and_stores_nothing()
    {
        var before = await BatchCountAsync();
        using var response = await TenantA.PostAsync("/batches", BatchClient.Form([TestImages.Jpeg(64, 48), TestImages.Text()]));
        await ShouldBeProblem(response, HttpStatusCode.UnsupportedMediaType, "Not an image", "File 2 ('photo2.jpg')");
        (await BatchCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_batchId_that_is_unknown_or_another_tenants_is_404_and_one_that_is_not_an_id_400()
    {
        var accepted = await TenantA.CreateBatchAsync([TestImages.Jpeg(64, 48)], ("notBefore", DateTime.UtcNow.AddHours(1).ToString("O")));
        using var other = await app.ClientWith(KeyedApp.TenantBKey).AddJobAsync(accepted.Batch.Id.ToString(), TestImages.Jpeg(64, 48));
        await ShouldBeProblem(other, HttpStatusCode.NotFound, "No such batch", accepted.Batch.Id.ToString());
        using var unknown = await TenantA.AddJobAsync(Guid.NewGuid().ToString(), TestImages.Jpeg(64, 48));
        await ShouldBeProblem(unknown, HttpStatusCode.NotFound, "No such batch", "There is no batch");
        using var bad = await TenantA.AddJobAsync("album-1", TestImages.Jpeg(64, 48));
        await ShouldBeProblem(bad, HttpStatusCode.BadRequest, "Invalid batchId", "'album-1' is not a batch id");
        using var own = await TenantA.AddJobAsync(accepted.Batch.Id.ToString(), TestImages.Jpeg(64, 48));
        own.StatusCode.ShouldBe(HttpStatusCode.Accepted, await own.Content.ReadAsStringAsync());
        (await TenantA.GetBatchAsync(accepted.Batch.Id)).Total.ShouldBe(2);
    }

    async Task<int> BatchCountAsync() =>
        JsonSerializer.Deserialize<JsonElement>(await app.ClientWith(KeyedApp.OperatorKey).GetStringAsync("/batches")).GetProperty("total").GetInt32();

    static async Task ShouldBeProblem(HttpResponseMessage response, HttpStatusCode status, string title, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        problem.GetProperty("title").GetString().ShouldBe(title);
        problem.GetProperty("detail").GetString()!.ShouldContain(detail);
    }
}
