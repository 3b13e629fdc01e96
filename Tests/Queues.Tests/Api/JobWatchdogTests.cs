using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Dashboard;
using Queues.Api.Jobs;
using Queues.Contracts;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>
/// A job left Processing by a worker that no longer holds it (its result announcement was lost) is sent again; a
/// job its worker still lists in its heartbeats is left alone.
/// </summary>
public sealed class JobWatchdogTests
{
    sealed class QuickWatchdogApp : StandaloneApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Jobs:OrphanAfter", "00:00:01");
        }
    }

    [Fact]
    public async Task A_job_its_live_worker_no_longer_lists_is_sent_again_and_completes_while_a_listed_one_stays()
    {
        await using var app = new QuickWatchdogApp();
        var client = app.CreateClient();
        var orphan = await client.WaitForEndAsync((await client.UploadAsync(TestImages.Jpeg(320, 240))).Id);
        var held = await client.WaitForEndAsync((await client.UploadAsync(TestImages.Jpeg(320, 240))).Id);
        const string worker = "worker-that-lost-an-announcement";
        // As the jobs table looks when a worker processed both but its ImageProcessed never arrived.
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.JobsOfEveryTenant().Jobs.Where(j => j.Id == orphan.Id || j.Id == held.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Processing).SetProperty(j => j.WorkerId, worker)
                    .SetProperty(j => j.FinishedAt, (DateTime?)null));

        var workers = app.Services.GetRequiredService<WorkerRegistry>();
        var watchdog = app.Services.GetRequiredService<JobWatchdog>();
        // The worker is alive and says it holds only the second job.
        await Eventually.Until(async () =>
        {
            workers.Heard(new WorkerHeartbeat(worker, "test", 1, 2, 1, [held.Id], 0, 0, DateTime.UtcNow));
            await watchdog.SweepAsync(CancellationToken.None);
            return (await client.GetJobAsync(orphan.Id)).State != JobState.Processing;
        }, "the watchdog to send the orphaned job again", TimeSpan.FromSeconds(30));

        var again = await client.WaitForEndAsync(orphan.Id);
        again.State.ShouldBe(JobState.Completed);
        again.Attempts.ShouldBe(orphan.Attempts + 1, "sent again and processed once more");
        again.WorkerId.ShouldBe(app.WorkerId);
        (await client.GetJobAsync(held.Id)).State.ShouldBe(JobState.Processing, "its worker still lists it");
    }
}
