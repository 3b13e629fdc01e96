using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Queues.Api.Jobs;
using Queues.ServiceDefaults.Storage;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

public sealed class RenditionsApiTests : IAsyncLifetime
{
    // A fresh app per test: each test changes jobs, counts and what the harness has seen.
    readonly StandaloneApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    HttpClient client => field ??= app.CreateClient();

    static MultipartFormDataContent Form(byte[] image, params string[] renditions)
    {
        var form = JobsClient.Form(image);
        foreach (var r in renditions) form.Add(new StringContent(r), "rendition");
        return form;
    }

    [Fact]
    public async Task Each_rendition_has_its_result_at_its_name_and_the_first_is_the_result()
    {
        using var response = await client.PostAsync("/jobs", Form(TestImages.Jpeg(1600, 1200),
            "thumb=resize:320x320", "card=resize:800x600:cover,format:webp", "tiny=resize:64x64,grayscale,format:png"));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var accepted = (await response.Content.ReadFromJsonAsync<JobView>(StandaloneApp.Json))!;
        accepted.Renditions.ShouldNotBeNull().Select(r => r.Name).ShouldBe(["thumb", "card", "tiny"]);
        accepted.Operations.ShouldBe(["resize:320x320:fit"]);

        var job = await client.WaitForEndAsync(accepted.Id);

        job.State.ShouldBe(JobState.Completed, job.FailureReason);
        var renditions = job.Renditions.ShouldNotBeNull();
        renditions.Select(r => (r.Name, r.Result!.ContentType, r.Result.Width, r.Result.Height)).ShouldBe([
            ("thumb", "image/jpeg", 320, 240), ("card", "image/webp", 800, 600), ("tiny", "image/png", 64, 48)]);
        foreach (var r in renditions)
        {
            r.Url.ShouldNotBeNull().ShouldStartWith($"/jobs/{job.Id}/result/{r.Name}?expires=", Case.Sensitive, "signed, as the result's link");
            r.Result!.BlurHash.ShouldNotBeNull();
            using var fetched = await client.GetAsync(r.Url);
            fetched.Content.Headers.ContentType!.MediaType.ShouldBe(r.Result.ContentType);
            var bytes = await fetched.Content.ReadAsByteArrayAsync();
            bytes.Length.ShouldBe((int)r.Result.SizeBytes);
            using var decoded = Pixels.Decode(bytes);
            (decoded.Width, decoded.Height).ShouldBe((r.Result.Width, r.Result.Height));
        }
        (await client.GetByteArrayAsync(job.Links.Result)).ShouldBe(await client.GetByteArrayAsync(renditions[0].Url));
        job.Result!.Width.ShouldBe(320);

        using var missing = await client.GetAsync($"/jobs/{job.Id}/result/poster");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail.ShouldNotBeNull().ShouldContain("thumb, card, tiny");
    }

    [Theory]
    [InlineData("duplicate", "the name 'a' is used twice")]
    [InlineData("fifty", "at most 10 renditions are allowed, got 50")]
    [InlineData("bad-name", "'Big Picture' is not a rendition name")]
    [InlineData("empty", "rendition 'a' has no operations")]
    [InlineData("unknown", "unknown operation 'explode'")]
    [InlineData("crop", "b: 'crop:500x500+0+0' reaches 500x500, outside the 320x240 image")]
    public async Task Bad_renditions_are_a_400_that_says_what_is_allowed(string kind, string message)
    {
        string[] renditions = kind switch
        {
            "duplicate" => ["a=flip", "a=flop"],
            "fifty" => Enumerable.Range(1, 50).Select(i => $"r{i}=flip").ToArray(),
            "bad-name" => ["Big Picture=flip"],
            "empty" => ["a="],
            "unknown" => ["a=explode"],
            _ => ["a=flip", "b=crop:500x500+0+0"],
        };
        using var response = await client.PostAsync("/jobs", Form(TestImages.Jpeg(320, 240), renditions));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        problem.Detail.ShouldNotBeNull().ShouldContain(message);
        problem.Extensions["allowed"]!.ToString()!.ShouldContain(kind == "crop" ? "crop:WxH+X+Y" : "NAME=OPERATIONS");
    }

    [Fact]
    public async Task Operations_and_renditions_together_are_a_400()
    {
        var form = Form(TestImages.Jpeg(64, 48), "a=flip");
        form.Add(new StringContent("grayscale"), "operations");
        using var response = await client.PostAsync("/jobs", form);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Title.ShouldBe("Operations or renditions");
    }

    [Fact]
    public async Task The_preview_is_made_on_the_first_request_a_small_webp_of_the_colour_original_and_kept()
    {
        var queued = await client.UploadAsync(TestImages.Jpeg(4000, 3000), "grayscale");
        queued.Links.Preview.ShouldNotBeNull().ShouldStartWith($"/jobs/{queued.Id}/preview?expires=", Case.Sensitive, "a signed link, as the original's");
        var store = app.Services.GetRequiredService<IObjectStore>();
        (await store.GetAsync(ObjectKeys.Preview(queued.Id))).ShouldBeNull("nobody asked for it yet");

        using var preview = await client.GetAsync(queued.Links.Preview);
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        preview.Content.Headers.ContentType!.MediaType.ShouldBe("image/webp");
        var bytes = await preview.Content.ReadAsByteArrayAsync();
        bytes.Length.ShouldBeLessThan(10_000);
        using var decoded = Pixels.Decode(bytes);
        (decoded.Width, decoded.Height).ShouldBe((160, 120));
        Pixels.MaxChannelSpread(bytes).ShouldBeGreaterThan(50, "the preview is of the colour original, not of the grey result");

        (await store.GetAsync(ObjectKeys.Preview(queued.Id))).ShouldBe(bytes, "stored under the job's preview key");
        using (var scope = app.Services.CreateScope())
            (await scope.ServiceProvider.JobsOfEveryTenant().Jobs.FindAsync(queued.Id))!.PreviewKey.ShouldBe(ObjectKeys.Preview(queued.Id));
        (await client.GetByteArrayAsync($"/jobs/{queued.Id}/preview")).ShouldBe(bytes, "served from storage the second time");
        (await client.WaitForEndAsync(queued.Id)).State.ShouldBe(JobState.Completed);
    }

    [Fact]
    public async Task A_job_that_failed_to_decode_has_no_preview()
    {
        var job = await client.WaitForEndAsync((await client.UploadAsync(TestImages.TruncatedJpeg())).Id);
        job.State.ShouldBe(JobState.Failed);
        job.Links.Preview.ShouldBeNull();
        using var response = await client.GetAsync($"/jobs/{job.Id}/preview");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Title.ShouldBe("No preview");
    }
}
