using Microsoft.Extensions.Time.Testing;
using Queues.Api.Jobs;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>
/// The counts by state when counting is expensive (every count here takes 10 ms of the fake clock, above the 5 ms
/// below which every read counts afresh): a reader keeps its promise of counts at most <see cref="JobCountsReader.MaxAge"/> old.
/// </summary>
public sealed class JobCountsTests
{
    [Fact]
    public async Task The_first_read_after_an_idle_spell_counts_the_jobs_queued_meanwhile()
    {
        await using var app = new StandaloneApp();
        var (reader, clock) = Reader(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        (await reader.ReadAsync(db, CancellationToken.None)).Queued.ShouldBe(0);

        await AddQueuedAsync(app, 3);
        clock.Advance(TimeSpan.FromSeconds(48));

        // The lab's pause block read 23 here: the counts of its previous block, 48 s before.
        (await reader.ReadAsync(db, CancellationToken.None)).Queued.ShouldBe(3);
    }

    [Fact]
    public async Task A_read_within_the_age_answers_at_once_and_a_read_past_it_sees_the_recount()
    {
        await using var app = new StandaloneApp();
        var (reader, clock) = Reader(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        (await reader.ReadAsync(db, CancellationToken.None)).Queued.ShouldBe(0);

        await AddQueuedAsync(app, 2);
        (await reader.ReadAsync(db, CancellationToken.None)).Queued.ShouldBe(0, "fresh enough: the last counts, no scan");
        clock.Advance(JobCountsReader.MaxAge + TimeSpan.FromMilliseconds(1));
        (await reader.ReadAsync(db, CancellationToken.None)).Queued.ShouldBe(2);
    }

    /// <summary>A reader of its own on the app's database, on a clock that counts 5 ms per reading: every count looks expensive.</summary>
    static (JobCountsReader Reader, FakeTimeProvider Clock) Reader(StandaloneApp app)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(5) };
        return (ActivatorUtilities.CreateInstance<JobCountsReader>(app.Services, clock), clock);
    }

    static async Task AddQueuedAsync(StandaloneApp app, int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        for (var i = 0; i < count; i++)
            db.Jobs.Add(new ImageJob
            {
                Id = Guid.NewGuid(), State = JobState.Queued, OriginalKey = $"originals/{i}.jpg", OriginalContentType = "image/jpeg",
                Operations = ["grayscale"], OutputFormat = "jpg", QueuedAt = DateTime.UtcNow, NotBefore = DateTime.UtcNow.AddDays(1),
            });
        await db.SaveChangesAsync();
    }
}
