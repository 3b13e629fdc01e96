using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Queues.Contracts;
using Queues.ServiceDefaults.Messaging;
using Queues.ServiceDefaults.Storage;
using Queues.Tests.Support;
using Queues.Components.Failures;
using Queues.Components.Processing;
using Queues.Imaging;

namespace Queues.Tests.Processing;

public sealed class ProcessImageConsumerTests : IAsyncLifetime
{
    readonly TempFolder folder = new();
    FlakyStore store = null!;
    ServiceProvider provider = null!;
    ITestHarness harness = null!;

    public async Task InitializeAsync()
    {
        store = new FlakyStore(new LocalFolderStore(folder.Path));
        provider = WorkerServices.Build(store, o =>
        {
            o.Id = "test-worker";
            o.RetryMinDelay = TimeSpan.FromMilliseconds(10);
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
        });
        harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
    }

    public async Task DisposeAsync()
    {
        await harness.Stop();
        await provider.DisposeAsync();
        folder.Dispose();
    }

    async Task<ProcessImage> Submit(byte[] image, string operations = "")
    {
        var jobId = Guid.NewGuid();
        var key = ObjectKeys.Original(jobId, "jpg");
        await store.PutAsync(key, image, "image/jpeg");
        OperationParser.TryParse(operations, out var plan, out _).ShouldBeTrue();
        var message = new ProcessImage(jobId, key, plan.StepSpecs, plan.FormatName, plan.Quality, DateTime.UtcNow);
        await harness.Bus.Publish(message);
        return message;
    }

    WorkerActivity Activity => provider.GetRequiredService<WorkerActivity>();

    int StartsOf(Guid jobId) => harness.Published.Select<ImageProcessingStarted>().Count(m => m.Context.Message.JobId == jobId);

    [Fact]
    public async Task Processes_an_image_and_publishes_where_the_result_is()
    {
        var job = await Submit(TestImages.Jpeg(1600, 1200));

        await harness.WaitUntilPublishedAsync<ImageProcessed>(m => m.JobId == job.JobId, "the job processed");
        var done = harness.Published.Select<ImageProcessed>().Single(m => m.Context.Message.JobId == job.JobId).Context.Message;
        done.WorkerId.ShouldBe("test-worker");
        done.ResultKey.ShouldBe(ObjectKeys.Result(job.JobId, "jpg"));
        (done.Width, done.Height).ShouldBe((320, 240));
        done.ProcessingMs.ShouldBeGreaterThan(0);

        var stored = await store.GetAsync(done.ResultKey);
        stored.ShouldNotBeNull();
        Pixels.MaxChannelSpread(stored).ShouldBe(0);
        StartsOf(job.JobId).ShouldBe(1);
    }

    [Fact]
    public async Task A_corrupt_image_faults_at_once_without_retries()
    {
        var job = await Submit(TestImages.TruncatedJpeg());

        await harness.WaitUntilPublishedAsync<Fault<ProcessImage>>(m => m.Message.JobId == job.JobId, "the job's fault");
        var fault = harness.Published.Select<Fault<ProcessImage>>().Single(m => m.Context.Message.Message.JobId == job.JobId).Context.Message;
        fault.Exceptions[0].ExceptionType.ShouldEndWith(nameof(ImageRejectedException));
        fault.Exceptions[0].Message.ShouldContain("JPEG data ends before the whole image is decoded");
        fault.Exceptions[0].Data!["Kind"].ShouldBe("Corrupt");
        StartsOf(job.JobId).ShouldBe(1);
        harness.PublishedSoFar<ImageProcessed>(m => m.JobId == job.JobId).ShouldBeEmpty(); // the fault ended the consume that would have published it
        (Activity.Failed, Activity.Retried, Activity.Completed).ShouldBe((1, 0, 0), "one job failed, nothing to retry");
    }

    [Fact]
    public async Task A_transient_storage_fault_is_retried_until_it_passes()
    {
        store.FailNextReads(2);
        var job = await Submit(TestImages.Jpeg(800, 600));

        await harness.WaitUntilPublishedAsync<ImageProcessed>(m => m.JobId == job.JobId, "the job processed");
        harness.Published.Select<ImageProcessingStarted>().Where(m => m.Context.Message.JobId == job.JobId)
            .Select(m => m.Context.Message.Attempt).Order().ShouldBe([1, 2, 3]);
        await Eventually.Until(() => Activity.Completed == 1, "the attempt that passed counted as completed");
        (Activity.Failed, Activity.Retried).ShouldBe((0, 2), "two attempts retried, no job failed");
    }

    [Fact]
    public async Task When_retries_run_out_on_a_transient_fault_the_job_is_given_back_not_failed()
    {
        store.FailNextReads(1000);
        var job = await Submit(TestImages.Jpeg(320, 240));

        await harness.WaitUntilPublishedAsync<ImageProcessingDeferred>(m => m.JobId == job.JobId, "the job handed back");
        StartsOf(job.JobId).ShouldBe(new WorkerOptions().RetryLimit + 1);
        var deferred = harness.Published.Select<ImageProcessingDeferred>().Single().Context.Message;
        deferred.Reason.ShouldBe("IOException: storage connection reset (injected)");
        deferred.WorkerId.ShouldNotBeNullOrEmpty();
        // Acknowledged, not dead-lettered: the Api sends it again from its outbox.
        // The retries are consumes that threw; the last one returned, so the message was acknowledged.
        await Eventually.Until(() => harness.Consumed
            .Select<ProcessImage>(m => m.Context.Message.JobId == job.JobId && m.Exception == null, new CancellationToken(canceled: true)).Any(),
            "the handed-back job acknowledged");
        harness.PublishedSoFar<Fault<ProcessImage>>(m => m.Message.JobId == job.JobId).ShouldBeEmpty();
        (Activity.Failed, Activity.Retried).ShouldBe((0, new WorkerOptions().RetryLimit + 1), "every attempt left the job to run again");
    }

    [Fact]
    public async Task A_missing_original_fails_with_a_reason()
    {
        var jobId = Guid.NewGuid();
        await harness.Bus.Publish(new ProcessImage(jobId, ObjectKeys.Original(jobId, "jpg"), ["grayscale"], "jpeg", 80, DateTime.UtcNow));

        await harness.WaitUntilPublishedAsync<Fault<ProcessImage>>(m => m.Message.JobId == jobId, "the job's fault");
        harness.Published.Select<Fault<ProcessImage>>().Single().Context.Message.Exceptions[0].Message.ShouldContain("not in storage");
    }

    [Fact]
    public async Task Processing_a_job_twice_overwrites_its_one_result()
    {
        var job = await Submit(TestImages.Jpeg(640, 480));
        await harness.WaitUntilPublishedAsync<ImageProcessed>(m => m.JobId == job.JobId, "the job processed");
        await harness.Bus.Publish(job);
        // Waits for the second one itself: the harness's own wait ends after a short quiet spell, which a cold, loaded
        // machine exceeded once in CI (1 of 2 seen).
        await Eventually.Until(() => harness.Published.Select<ImageProcessed>().Count(m => m.Context.Message.JobId == job.JobId) == 2,
            "the job processed a second time");

        Directory.GetFiles(Path.Combine(folder.Path, ObjectKeys.ResultsBucket)).Select(Path.GetFileName)
            .ShouldBe([Path.GetFileName(ObjectKeys.Result(job.JobId, "jpg"))]);
    }
}
