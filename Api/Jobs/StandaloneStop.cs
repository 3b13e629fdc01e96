using Microsoft.EntityFrameworkCore;
using Queues.Components.Notifications;
using Queues.Components.Processing;

namespace Queues.Api.Jobs;

/// <summary>
/// A graceful stop of the standalone app: take no new job, let the ones in flight finish, their results be recorded
/// and every finished job's end be announced and heard by the notifier, within a bounded time; then the bus stops.
/// What was not started stays recorded as sent but not finished, and <see cref="JobTransitions.RecoverUnsentAsync"/>
/// sends it again at the next start.
/// Registered after the bus, so it stops before it (hosted services stop in reverse order).
/// </summary>
public sealed class StandaloneStop(WorkerActivity activity, JobEndAnnouncer announcer, PipelineStats notified, IServiceScopeFactory scopes,
    ILogger<StandaloneStop> logger) : IHostedService
{
    public static readonly TimeSpan InFlightTimeout = TimeSpan.FromSeconds(20), RecordTimeout = TimeSpan.FromSeconds(5);
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        activity.StopTaking();
        try
        {
            await DrainAsync(cancellationToken);
        }
        catch (Exception e)
        {
            // A stop must not fail (the database gone, a schema not yet migrated, the host torn down around us):
            // whatever is left is sent again at the next start.
            logger.LogWarning("Stop drain cut short, unfinished jobs are sent again at the next start: {Reason}", e.Message);
        }
    }

    async Task DrainAsync(CancellationToken cancellationToken)
    {
        var finished = await WaitAsync(() => Task.FromResult(activity.InFlight == 0), InFlightTimeout, cancellationToken);
        // The finished jobs' events are on their way to the job-state consumers, which still run.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        var recorded = await WaitAsync(async () => !await db.Jobs.AnyAsync(j => j.State == JobState.Processing
                || (j.NotifiedAt == null && (j.State == JobState.Completed || j.State == JobState.Failed)), CancellationToken.None),
            RecordTimeout, cancellationToken);
        // An in-memory bus that stops drops what it has not delivered: the announcements must reach the notifier first.
        var heard = await WaitAsync(() =>
        {
            var s = notified.Snapshot();
            return Task.FromResult(s.Completed + s.Failed >= announcer.Announced);
        }, RecordTimeout, cancellationToken);
        if (!finished || !recorded || !heard)
            logger.LogWarning("Stopped with jobs still processing; they are sent again at the next start");
    }

    static async Task<bool> WaitAsync(Func<Task<bool>> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline || cancellationToken.IsCancellationRequested) return false;
            await Task.Delay(Poll, CancellationToken.None);
        }
        return true;
    }
}
