using System.Net;
using System.Net.Http.Json;
using Queues.Api.Jobs;
using Queues.Tests.Support;

namespace Queues.Tests.Batches;

/// <summary>Another tenant's batch is not there: 404 on every batch endpoint, the ZIP included, and absent from lists.</summary>
public sealed class BatchIsolationTests(KeyedApp app) : IClassFixture<KeyedApp>
{
    [Fact]
    public async Task Another_tenants_batch_is_404_everywhere()
    {
        var owner = app.ClientWith(KeyedApp.TenantAKey);
        var accepted = await owner.CreateBatchAsync([TestImages.Jpeg(120, 90)]);
        await owner.WaitForBatchEndAsync(accepted.Batch.Id);
        var id = accepted.Batch.Id;

        var other = app.ClientWith(KeyedApp.TenantBKey);
        (HttpMethod Method, string Path)[] calls =
        [
            (HttpMethod.Get, $"/batches/{id}"), (HttpMethod.Get, $"/batches/{id}/results.zip"), (HttpMethod.Post, $"/batches/{id}/cancel"),
            (HttpMethod.Post, $"/batches/{id}/retry"), (HttpMethod.Delete, $"/batches/{id}"),
        ];
        foreach (var (method, path) in calls)
        {
            using var response = await other.SendAsync(new HttpRequestMessage(method, path));
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{method} {path}");
        }
        (await other.GetFromJsonAsync<BatchPage>("/batches", StandaloneApp.Json))!.Items.ShouldNotContain(b => b.Id == id);
        (await other.GetFromJsonAsync<JobPage>($"/jobs?batchId={id}", StandaloneApp.Json))!.Items.ShouldBeEmpty();

        (await owner.GetFromJsonAsync<BatchPage>("/batches", StandaloneApp.Json))!.Items.ShouldContain(b => b.Id == id);
        (await owner.GetFromJsonAsync<JobPage>($"/jobs?batchId={id}", StandaloneApp.Json))!.Items.Single().Id.ShouldBe(accepted.JobIds[0]);
        (await app.ClientWith(KeyedApp.OperatorKey).GetBatchAsync(id)).Tenant.ShouldBe("tenant-a");
        using (var zip = await owner.GetAsync($"/batches/{id}/results.zip")) zip.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var deleted = await owner.DeleteAsync($"/batches/{id}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var gone = await owner.GetAsync($"/batches/{id}");
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var jobGone = await owner.GetAsync($"/jobs/{accepted.JobIds[0]}");
        jobGone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
