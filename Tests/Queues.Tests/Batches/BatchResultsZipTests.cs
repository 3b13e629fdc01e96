using System.IO.Compression;
using System.Net;
using Queues.Tests.Support;

namespace Queues.Tests.Batches;

/// <summary>GET /batches/{id}/results.zip: each completed job's result and renditions, under its file's name; failed jobs left out.</summary>
public sealed class BatchResultsZipTests
{
    [Fact]
    public async Task The_zip_holds_every_completed_result_and_rendition_under_its_file_name()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var plain = await client.CreateBatchAsync([TestImages.Jpeg(200, 150), TestImages.TruncatedJpeg(), TestImages.Jpeg(300, 200)],
            ("operations", "resize:100x100:fit,format:png"));
        await client.WaitForBatchEndAsync(plain.Batch.Id);

        using var response = await client.GetAsync($"/batches/{plain.Batch.Id}/results.zip");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        zip.Entries.Select(e => e.FullName).Order().ShouldBe(["photo1.png", "photo3.png"]);
        foreach (var (entry, jobId) in new[] { ("photo1.png", plain.JobIds[0]), ("photo3.png", plain.JobIds[2]) })
        {
            using var stream = zip.GetEntry(entry)!.Open();
            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes);
            bytes.ToArray().ShouldBe(await client.GetByteArrayAsync($"/jobs/{jobId}/result"), entry);
        }

        var renditions = await client.CreateBatchAsync([TestImages.Jpeg(200, 150)], ("rendition", "thumb=resize:64x64"), ("rendition", "card=resize:120x90,format:webp"));
        await client.WaitForBatchEndAsync(renditions.Batch.Id);
        using var second = new ZipArchive(await client.GetStreamAsync($"/batches/{renditions.Batch.Id}/results.zip"), ZipArchiveMode.Read);
        second.Entries.Select(e => e.FullName).Order().ShouldBe(["photo1.card.webp", "photo1.thumb.jpg"]);
    }
}
