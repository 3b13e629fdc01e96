using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Queues.Api.Jobs;
using Queues.Api.Observability;
using Queues.ServiceDefaults.Storage;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>
/// The retention sweep on the standalone app's SQLite database and local-folder store: finished jobs past the age go
/// with their objects, the rest stay; and of two sweepers on one database only the lease holder deletes.
/// </summary>
public sealed class RetentionTests
{
    static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);

    [Fact]
    public async Task Finished_jobs_past_the_age_go_with_their_objects_while_recent_and_unfinished_ones_stay()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var completed = new List<Guid>();
        for (var i = 0; i < 4; i++) completed.Add((await client.WaitForEndAsync((await client.UploadAsync(TestImages.Jpeg(320, 240))).Id)).Id);
        var failed = (await client.WaitForEndAsync((await client.UploadAsync(TestImages.TruncatedJpeg(320, 240))).Id)).Id;
        (await client.GetJobAsync(failed)).State.ShouldBe(JobState.Failed);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var longAgo = clock.GetUtcNow().UtcDateTime - MaxAge - TimeSpan.FromDays(1);
        Guid oldCompleted = completed[0], oldCancelled = completed[1], oldProcessing = completed[2], recent = completed[3];
        await AgeAsync(app, [oldCompleted, failed, oldCancelled, oldProcessing], longAgo);
        await SetStateAsync(app, oldCancelled, JobState.Cancelled);
        // Unfinished, even with the finish time of an earlier run: never swept.
        await SetStateAsync(app, oldProcessing, JobState.Processing);
        var swept = new[] { oldCompleted, failed, oldCancelled };
        var kept = new[] { recent, oldProcessing };
        // Its preview is made on the first request for it; retention deletes it with the job.
        (await client.GetByteArrayAsync($"/jobs/{oldCompleted}/preview")).ShouldNotBeEmpty();
        var keys = new Dictionary<Guid, List<string>>();
        foreach (var id in swept.Concat(kept)) keys[id] = await StoredKeysAsync(app, id);
        keys[oldCompleted].Count.ShouldBe(3, "the original, its preview and the result");
        var store = app.Services.GetRequiredService<IObjectStore>();
        foreach (var key in keys.Values.SelectMany(k => k)) (await store.GetAsync(key)).ShouldNotBeNull(key);
        using var deletedJobs = app.Collect<long>(ApiMetrics.MeterName, RetentionMetrics.DeletedJobs);
        using var deletedObjects = app.Collect<long>(ApiMetrics.MeterName, RetentionMetrics.DeletedObjects);

        // One job per batch: three rounds and a last, empty one.
        var sweep = await Sweeper(app, clock, batchSize: 1).SweepAsync(CancellationToken.None);

        var objects = swept.Sum(id => keys[id].Count);
        sweep.ShouldBe(new RetentionSweep(true, swept.Length, objects));
        foreach (var id in swept)
        {
            (await FindAsync(app, id)).ShouldBeNull($"job {id} swept");
            foreach (var key in keys[id]) (await store.GetAsync(key)).ShouldBeNull(key);
        }
        foreach (var id in kept)
        {
            (await FindAsync(app, id)).ShouldNotBeNull($"job {id} kept");
            foreach (var key in keys[id]) (await store.GetAsync(key)).ShouldNotBeNull(key);
        }
        deletedJobs.Sum().ShouldBe(swept.Length);
        deletedObjects.Sum().ShouldBe(objects);
    }

    [Fact]
    public async Task Of_two_sweepers_on_one_database_only_the_lease_holder_deletes_until_its_lease_runs_out()
    {
        await using var app = new StandaloneApp();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var first = Sweeper(app, clock);
        var second = Sweeper(app, clock);
        var lease = Retention(500).Lease;
        var nothing = new RetentionSweep(false, 0, 0);
        var one = new RetentionSweep(true, 1, 1);

        await SeedExpiredAsync(app, clock);
        (await first.SweepAsync(CancellationToken.None)).ShouldBe(one, "the first to look takes the lease");
        var waiting = await SeedExpiredAsync(app, clock);
        (await second.SweepAsync(CancellationToken.None)).ShouldBe(nothing, "the first holds the lease");
        (await FindAsync(app, waiting)).ShouldNotBeNull("only the holder deletes");

        clock.Advance(lease - TimeSpan.FromSeconds(1));
        (await first.SweepAsync(CancellationToken.None)).ShouldBe(one, "the holder renews its lease and deletes");
        var next = await SeedExpiredAsync(app, clock);
        clock.Advance(lease - TimeSpan.FromSeconds(1));
        (await second.SweepAsync(CancellationToken.None)).ShouldBe(nothing, "the renewed lease still runs");

        // The first stopped looking (a replica that died): once its lease ran out, the second takes over.
        clock.Advance(TimeSpan.FromSeconds(2));
        (await second.SweepAsync(CancellationToken.None)).ShouldBe(one, "the second takes the expired lease");
        (await FindAsync(app, next)).ShouldBeNull();
        (await first.SweepAsync(CancellationToken.None)).ShouldBe(nothing, "the second holds it now");
    }

    static RetentionOptions Retention(int batchSize) => new() { MaxAge = MaxAge, Interval = TimeSpan.FromMinutes(1), BatchSize = batchSize };

    /// <summary>A sweeper of its own, as another replica's would be, on the app's database and store.</summary>
    internal static RetentionSweeper Sweeper(StandaloneApp app, TimeProvider clock, int batchSize = 500) =>
        ActivatorUtilities.CreateInstance<RetentionSweeper>(app.Services, clock, Options.Create(Retention(batchSize)));

    /// <summary>A job that completed, was announced and stored its original, long before the age.</summary>
    static async Task<Guid> SeedExpiredAsync(StandaloneApp app, TimeProvider clock)
    {
        var id = Guid.NewGuid();
        var longAgo = clock.GetUtcNow().UtcDateTime - MaxAge - TimeSpan.FromDays(1);
        var key = ObjectKeys.Original(id, "jpg");
        await app.Services.GetRequiredService<IObjectStore>().PutAsync(key, TestImages.Jpeg(64, 48), "image/jpeg");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        db.Jobs.Add(new ImageJob
        {
            Id = id, State = JobState.Completed, OriginalKey = key, OriginalContentType = "image/jpeg", Operations = ["grayscale"],
            OutputFormat = "jpg", QueuedAt = longAgo, FinishedAt = longAgo, NotifiedAt = longAgo,
        });
        await db.SaveChangesAsync();
        return id;
    }

    static async Task AgeAsync(StandaloneApp app, Guid[] ids, DateTime finishedAt)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.JobsOfEveryTenant().Jobs.Where(j => ids.Contains(j.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.FinishedAt, finishedAt).SetProperty(j => j.QueuedAt, finishedAt));
    }

    static async Task SetStateAsync(StandaloneApp app, Guid id, JobState state)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.JobsOfEveryTenant().Jobs.Where(j => j.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, state));
    }

    static async Task<ImageJob?> FindAsync(StandaloneApp app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.JobsOfEveryTenant().Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id);
    }

    static async Task<List<string>> StoredKeysAsync(StandaloneApp app, Guid id) => JobControl.StoredKeys((await FindAsync(app, id))!).ToList();
}
