using System.Net;
using Queues.Api.Jobs;
using Queues.Tests.Api.Schema;
using Queues.Tests.Support;

namespace Queues.Tests.Batches;

/// <summary>
/// Jobs added while the batch's last job is being cancelled, on SQLite and on PostgreSQL: each add either joins (202)
/// and the batch then waits for it, or finds the batch ended (409); the batch ends once, with every job it took counted.
/// </summary>
public sealed class BatchRaceTests(PrivatePostgres postgres) : IClassFixture<PrivatePostgres>
{
    [Fact]
    public async Task On_sqlite_adds_racing_the_end_either_join_or_get_409_and_the_batch_counts_every_job_it_took()
    {
        await using var app = new StandaloneApp();
        await AddsRacingTheEndAsync(app.CreateClient());
    }

    [Fact]
    public async Task On_postgres_adds_racing_the_end_either_join_or_get_409_and_the_batch_counts_every_job_it_took()
    {
        using var folder = new TempFolder();
        await using var app = new UpgradedApp(DatabaseProvider.Postgres, postgres.NewDatabase(), Path.Combine(folder.Path, "objects"));
        await AddsRacingTheEndAsync(app.CreateClient());
    }

    static async Task AddsRacingTheEndAsync(HttpClient client)
    {
        var accepted = await client.CreateBatchAsync([TestImages.Jpeg(64, 48)], ("notBefore", DateTime.UtcNow.AddHours(1).ToString("O")));
        var batchId = accepted.Batch.Id.ToString();
        var image = TestImages.Jpeg(48, 32);

        var adds = Enumerable.Range(0, 12).Select(async _ =>
        {
            using var response = await client.AddJobAsync(batchId, image);
            return response.StatusCode;
        }).ToList();
        using (var cancel = await client.PostAsync($"/batches/{batchId}/cancel", null)) cancel.EnsureSuccessStatusCode();
        var statuses = await Task.WhenAll(adds);

        statuses.ShouldAllBe(s => s == HttpStatusCode.Accepted || s == HttpStatusCode.Conflict);
        var joined = statuses.Count(s => s == HttpStatusCode.Accepted);
        var ended = await client.WaitForBatchEndAsync(accepted.Batch.Id, seconds: 60);
        ended.Total.ShouldBe(1 + joined, $"{joined} adds joined");
        (ended.Counts.Completed + ended.Counts.Cancelled).ShouldBe(ended.Total);
        ended.Counts.Queued.ShouldBe(0, "a batch ends only once every job it took has ended");
        ended.Counts.Processing.ShouldBe(0);
    }
}
