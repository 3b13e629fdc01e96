using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Queues.Api.Jobs;
using Queues.Tests.Api;
using Queues.Tests.Support;

namespace Queues.Tests.Batches;

/// <summary>An ended batch past the retention age goes with its jobs; a recent one, and its jobs, stay.</summary>
public sealed class BatchRetentionTests
{
    [Fact]
    public async Task An_old_ended_batch_goes_with_its_jobs_and_a_recent_one_stays()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var old = await client.CreateBatchAsync([TestImages.Jpeg(120, 90), TestImages.TruncatedJpeg()]);
        var recent = await client.CreateBatchAsync([TestImages.Jpeg(120, 90)]);
        foreach (var id in new[] { old.Batch.Id, recent.Batch.Id })
            await Eventually.Until(async () => await AnnouncedAsync(app, id), $"batch {id} to be announced");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var longAgo = clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(8);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.JobsOfEveryTenant();
            await db.Batches.Where(b => b.Id == old.Batch.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.FinishedAt, longAgo));
            await db.Jobs.Where(j => j.BatchId == old.Batch.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.FinishedAt, longAgo));
        }

        await RetentionTests.Sweeper(app, clock).SweepAsync(CancellationToken.None);

        await using var after = app.Services.CreateAsyncScope();
        var rows = after.ServiceProvider.JobsOfEveryTenant();
        (await rows.Batches.AnyAsync(b => b.Id == old.Batch.Id)).ShouldBeFalse();
        (await rows.Jobs.AnyAsync(j => j.BatchId == old.Batch.Id)).ShouldBeFalse();
        (await rows.Batches.AnyAsync(b => b.Id == recent.Batch.Id)).ShouldBeTrue();
        (await rows.Jobs.CountAsync(j => j.BatchId == recent.Batch.Id)).ShouldBe(1);
    }

    static async Task<bool> AnnouncedAsync(StandaloneApp app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.JobsOfEveryTenant().Batches.AnyAsync(b => b.Id == id && b.NotifiedAt != null);
    }
}
