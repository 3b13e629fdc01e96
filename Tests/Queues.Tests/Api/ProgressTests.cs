using Queues.Api.Jobs;
using Queues.Components.Processing;
using Queues.Contracts;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>The worker reports libvips' evaluation percent, throttled; GET /jobs/{id} shows it while the job is Processing.</summary>
public sealed class ProgressTests
{
    [Fact]
    public async Task A_slow_job_shows_growing_progress_at_a_few_reports_a_second()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var slow = await CancelTests.StartSlowJobAsync(client);

        var first = await Eventually.Until(() => client.GetJobAsync(slow.Id), j => j.Progress > 0, "a first progress report");
        var later = await Eventually.Until(() => client.GetJobAsync(slow.Id), j => j.Progress > first.Progress, "progress to grow");
        later.State.ShouldBe(JobState.Processing);

        var reports = app.Harness.PublishedSoFar<ImageProcessingProgressed>(e => e.JobId == slow.Id);
        var span = reports[^1].At - reports[0].At;
        reports.Count.ShouldBeLessThanOrEqualTo((int)(span / ProgressReporter.MinInterval) + 1, $"{reports.Count} reports in {span.TotalMilliseconds:0} ms");
        reports.Select(r => r.Percent).ShouldBeInOrder();

        (await CancelTests.CancelAsync(client, slow.Id)).Progress.ShouldBeNull(); // shown only while Processing
    }
}
