using System.Net;
using Queues.Api.Jobs;
using Queues.Contracts;
using Queues.ServiceDefaults.Storage;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>DELETE /jobs/{id} removes the row and the objects in the real local-folder store.</summary>
public sealed class DeleteTests
{
    [Fact]
    public async Task A_completed_job_and_its_original_preview_and_result_are_gone()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var job = await client.UploadAsync(TestImages.Jpeg(320, 240));
        (await client.WaitForEndAsync(job.Id)).State.ShouldBe(JobState.Completed);
        (await client.GetByteArrayAsync($"/jobs/{job.Id}/preview")).ShouldNotBeEmpty(); // made on this first request
        var keys = await StoredKeysAsync(app, job.Id);
        keys.Count.ShouldBe(3, "the original, its preview and the result");
        var store = app.Services.GetRequiredService<IObjectStore>();
        foreach (var key in keys) (await store.GetAsync(key)).ShouldNotBeNull(key);

        using var deleted = await client.DeleteAsync($"/jobs/{job.Id}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var gone = await client.GetAsync($"/jobs/{job.Id}");
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var again = await client.DeleteAsync($"/jobs/{job.Id}");
        again.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var key in keys) (await store.GetAsync(key)).ShouldBeNull(key);
    }

    [Fact]
    public async Task A_processing_job_is_cancelled_first_and_leaves_no_result()
    {
        await using var app = new CancelTests.OneSlotApp();
        var client = app.CreateClient();
        var slow = await CancelTests.StartSlowJobAsync(client);
        var stored = await StoredKeysAsync(app, slow.Id);
        stored.Count.ShouldBe(1, "the original: no result yet, and no preview (nobody asked for one)");

        using var deleted = await client.DeleteAsync($"/jobs/{slow.Id}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await Eventually.Until(() => app.Harness.PublishedSoFar<ImageProcessingCancelled>(e => e.JobId == slow.Id).Count == 1,
            "the worker to stop the deleted job", TimeSpan.FromSeconds(10));
        var store = app.Services.GetRequiredService<IObjectStore>();
        foreach (var key in stored) (await store.GetAsync(key)).ShouldBeNull(key);
        app.Harness.PublishedSoFar<ImageProcessed>(e => e.JobId == slow.Id).ShouldBeEmpty();
        (await store.GetAsync(ObjectKeys.Result(slow.Id, "jpg"))).ShouldBeNull();
        (await store.GetAsync(ObjectKeys.Preview(slow.Id))).ShouldBeNull("a stopped job stores no preview either");
    }

    static async Task<List<string>> StoredKeysAsync(StandaloneApp app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        var row = await db.Jobs.FindAsync(id);
        return JobControl.StoredKeys(row!).ToList();
    }
}
