using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Queues.Api.Jobs;
using Queues.Components.Notifications;
using Queues.Contracts;
using Queues.Imaging;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>The operations added with the image toolbox, through the API: upload checks, the result's size and summary.</summary>
public sealed class ToolboxApiTests : IAsyncLifetime
{
    // A fresh app per test: each test changes jobs, counts and what the harness has seen.
    readonly StandaloneApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    HttpClient client => field ??= app.CreateClient();

    [Fact]
    public async Task A_crop_outside_the_image_is_a_400_that_says_the_image_size_and_what_is_allowed()
    {
        using var response = await client.PostAsync("/jobs", JobsClient.Form(TestImages.Jpeg(200, 100), operations: "crop:100x100+150+50"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        problem.Title.ShouldBe("Crop outside the image");
        problem.Detail.ShouldNotBeNull().ShouldContain("outside the 200x100 image");
        problem.Extensions["allowed"]!.ToString()!.ShouldContain("crop:WxH+X+Y");
    }

    [Fact]
    public async Task A_small_gif_keeps_its_size_and_its_completion_carries_a_blurhash_and_colour()
    {
        var job = await client.WaitForEndAsync((await client.UploadAsync(TestImages.Gradient(200, 150).GifsaveBuffer())).Id);

        job.State.ShouldBe(JobState.Completed, job.FailureReason);
        (job.Result!.Width, job.Result.Height).ShouldBe((200, 150));
        var hash = job.Result.BlurHash.ShouldNotBeNull();
        hash.Length.ShouldBe(BlurHash.LengthFor(4, 3));
        job.Result.DominantColour.ShouldNotBeNull().ShouldMatch("^#[0-9a-f]{6}$");

        var completed = await app.Harness.WaitUntilConsumedAsync<NotifyCompletionConsumer, JobCompleted>(m => m.JobId == job.Id, "the completion");
        (completed[0].BlurHash, completed[0].DominantColour).ShouldBe((hash, job.Result.DominantColour));
    }

    [Fact]
    public async Task Rotate_then_crop_is_checked_against_the_turned_image()
    {
        var job = await client.WaitForEndAsync((await client.UploadAsync(TestImages.Jpeg(200, 100), "rotate:90,crop:100x150+0+50,format:png")).Id);
        job.State.ShouldBe(JobState.Completed, job.FailureReason);
        (job.Result!.Width, job.Result.Height).ShouldBe((100, 150));
    }
}
