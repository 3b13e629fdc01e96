using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Queues.Components.Processing;
using Queues.Contracts;
using Queues.Imaging;
using Queues.ServiceDefaults.Messaging;
using Queues.ServiceDefaults.Storage;
using Queues.Tests.Support;

namespace Queues.Tests.Processing;

/// <summary>The worker with renditions and with a crop that got past the upload check.</summary>
public sealed class RenditionProcessingTests : IAsyncLifetime
{
    readonly TempFolder folder = new();
    LocalFolderStore store = null!;
    ServiceProvider provider = null!;
    ITestHarness harness = null!;

    public async Task InitializeAsync()
    {
        store = new LocalFolderStore(folder.Path);
        provider = WorkerServices.Build(store, o => o.Id = "test-worker");
        harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
    }

    public async Task DisposeAsync()
    {
        await harness.Stop();
        await provider.DisposeAsync();
        folder.Dispose();
    }

    async Task<Guid> PublishAsync(byte[] image, string[] operations, RenditionSpec[]? renditions = null)
    {
        var jobId = Guid.NewGuid();
        var key = ObjectKeys.Original(jobId, "jpg");
        await store.PutAsync(key, image, "image/jpeg");
        await harness.Bus.Publish(new ProcessImage(jobId, key, operations, "jpeg", 85, DateTime.UtcNow, renditions));
        return jobId;
    }

    /// <summary>Waits for the fact itself: on a loaded machine the harness can fall quiet before the consumer has even started.</summary>
    async Task<T> PublishedAsync<T>(Func<T, bool> match, string awaited) where T : class =>
        (await Eventually.Until(() => Task.FromResult(harness.Published.Select<T>().Select(m => m.Context.Message).FirstOrDefault(match)),
            found => found is not null, awaited, TimeSpan.FromSeconds(30)))!;

    [Fact]
    public async Task Each_rendition_is_stored_under_its_own_key_and_announced_with_its_size()
    {
        RenditionSpec[] renditions = [new("thumb", ["resize:320x320:fit"], "jpeg", 85), new("card", ["resize:800x600:cover"], "webp", 80)];
        var jobId = await PublishAsync(TestImages.Jpeg(1600, 1200), renditions[0].Operations, renditions);

        var done = await PublishedAsync<ImageProcessed>(m => m.JobId == jobId, "the job's ImageProcessed");
        done.ResultKey.ShouldBe(ObjectKeys.Result(jobId, "thumb", "jpg"));
        done.Renditions.ShouldNotBeNull().Select(r => (r.Name, r.ResultKey, r.Width, r.Height, r.ContentType)).ShouldBe([
            ("thumb", ObjectKeys.Result(jobId, "thumb", "jpg"), 320, 240, "image/jpeg"),
            ("card", ObjectKeys.Result(jobId, "card", "webp"), 800, 600, "image/webp")]);
        foreach (var r in done.Renditions)
            (await store.GetAsync(r.ResultKey)).ShouldNotBeNull().LongLength.ShouldBe(r.SizeBytes);
    }

    [Fact]
    public async Task A_crop_outside_the_image_that_reached_a_worker_fails_at_once_with_the_reason()
    {
        var jobId = await PublishAsync(TestImages.Jpeg(320, 240), ["crop:500x500+0+0"]);

        var fault = await PublishedAsync<Fault<ProcessImage>>(m => m.Message.JobId == jobId, "the fault");
        fault.Exceptions[0].Message.ShouldContain("outside the 320x240 image");
        fault.Exceptions[0].Data!["Kind"].ShouldBe(nameof(FailureKind.InvalidOperation));
        harness.Published.Select<ImageProcessingStarted>().Count(m => m.Context.Message.JobId == jobId).ShouldBe(1, "a bad operation is not retried");
    }
}
