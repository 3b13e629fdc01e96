using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Queues.Api.Jobs;
using Queues.Imaging;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

public sealed class ImageJobsApiTests : IAsyncLifetime
{
    // A fresh app per test: each test changes jobs, counts and what the harness has seen.
    readonly StandaloneApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    HttpClient client => field ??= app.CreateClient();

    [Fact]
    public async Task Uploading_a_photo_ends_Completed_with_a_320_grayscale_jpeg()
    {
        using var response = await client.PostAsync("/jobs", JobsClient.Form(TestImages.Jpeg(4000, 3000)));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var accepted = (await response.Content.ReadFromJsonAsync<JobView>(StandaloneApp.Json))!;
        response.Headers.Location!.ToString().ShouldBe($"/jobs/{accepted.Id}");
        accepted.State.ShouldBe(JobState.Queued);
        accepted.Operations.ShouldBe(["resize:320x320:fit", "grayscale"]);

        var job = await client.WaitForEndAsync(accepted.Id);

        job.State.ShouldBe(JobState.Completed, job.FailureReason);
        job.Attempts.ShouldBe(1);
        job.WorkerId.ShouldBe(app.WorkerId);
        job.StartedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(job.QueuedAt);
        job.FinishedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(job.StartedAt!.Value);
        job.QueuedAt.Kind.ShouldBe(DateTimeKind.Utc);
        job.ProcessingMs.ShouldNotBeNull().ShouldBeGreaterThan(0);
        job.EndToEndMs.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(job.ProcessingMs!.Value);
        job.Original.ShouldBe(new ImageView("image/jpeg", 4000, 3000, job.Original.SizeBytes));

        using var result = await client.GetAsync(job.Links.Result);
        result.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        var bytes = await result.Content.ReadAsByteArrayAsync();
        using var image = Pixels.Decode(bytes);
        image.Width.ShouldBeLessThanOrEqualTo(320);
        image.Height.ShouldBeLessThanOrEqualTo(320);
        Pixels.MaxChannelSpread(bytes).ShouldBe(0);

        using var original = await client.GetAsync(job.Links.Original);
        original.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        (await original.Content.ReadAsByteArrayAsync()).Length.ShouldBe((int)job.Original.SizeBytes);
    }

    [Fact]
    public async Task Operations_run_in_the_order_given()
    {
        var job = await client.WaitForEndAsync((await client.UploadAsync(TestImages.Jpeg(1200, 900), "resize:600x600:cover,sepia,watermark:Hi,format:png")).Id);
        job.State.ShouldBe(JobState.Completed, job.FailureReason);
        job.Operations.ShouldBe(["resize:600x600:cover", "sepia", "watermark:Hi:position=bottom-right:opacity=0.5"]);
        job.Result!.ShouldBe(new ImageView("image/png", 600, 600, job.Result!.SizeBytes, job.Result.BlurHash, job.Result.DominantColour));
        job.Result.BlurHash.ShouldNotBeNull().Length.ShouldBe(BlurHash.LengthFor(4, 3));
        job.Result.DominantColour.ShouldNotBeNull().ShouldMatch("^#[0-9a-f]{6}$");
        var bytes = await client.GetByteArrayAsync(job.Links.Result);
        Pixels.MaxChannelSpread(bytes).ShouldBeGreaterThan(10);
    }

    [Theory]
    [InlineData("text", 415, "Not an image")]
    [InlineData("empty", 400, "Empty upload")]
    [InlineData("bomb", 422, "Image too large")]
    public async Task Bad_files_get_a_precise_problem(string kind, int status, string title)
    {
        var file = kind switch { "text" => TestImages.Text(), "bomb" => TestImages.PngBomb(), _ => [] };
        using var response = await client.PostAsync("/jobs", JobsClient.Form(file, "holiday.jpg"));
        await ShouldBeProblem(response, status, title);
    }

    [Fact]
    public async Task An_unknown_operation_is_refused_with_what_is_allowed()
    {
        using var response = await client.PostAsync("/jobs", JobsClient.Form(TestImages.Jpeg(100, 100), operations: "resize,explode"));
        var problem = await ShouldBeProblem(response, 400, "Invalid operations");
        problem.GetProperty("detail").GetString()!.ShouldContain("unknown operation 'explode'");
        problem.GetProperty("allowed").GetString()!.ShouldContain("watermark");
    }

    [Fact]
    public async Task An_upload_without_a_file_field_is_refused()
    {
        using var response = await client.PostAsync("/jobs", JobsClient.Form(TestImages.Jpeg(50, 50), field: "picture"));
        await ShouldBeProblem(response, 400, "No file");
    }

    [Fact]
    public async Task A_file_over_the_size_limit_gets_413()
    {
        var big = new byte[StandaloneApp.MaxUploadBytes + 1];
        Random.Shared.NextBytes(big);
        using var response = await client.PostAsync("/jobs", JobsClient.Form(big));
        await ShouldBeProblem(response, 413, "Upload too large");
    }

    [Fact]
    public async Task A_one_gigabyte_upload_is_refused_before_its_body_is_read()
    {
        // Real Kestrel over loopback: the in-memory test server would swallow the whole body regardless.
        await using var kestrel = new StandaloneApp();
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        // The default client waits only 1 s for "100 Continue" before sending anyway; a cold app can take longer.
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = kestrel.CreateClient().BaseAddress,
        };

        var body = new ZeroContent(1L << 30);
        body.Headers.ContentType = new("multipart/form-data") { Parameters = { new("boundary", "x") } };
        // With Expect: 100-continue a client waits for the server's go-ahead; the server answers 413 instead.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/jobs") { Content = body };
        request.Headers.ExpectContinue = true;
        using var response = await http.SendAsync(request);
        await ShouldBeProblem(response, 413, "Upload too large");
        body.BytesSent.ShouldBe(0, "the server refused from the declared length, without reading the body");
    }

    [Fact]
    public async Task A_truncated_jpeg_is_accepted_then_Failed_with_a_readable_reason()
    {
        var job = await client.WaitForEndAsync((await client.UploadAsync(TestImages.TruncatedJpeg())).Id);
        job.State.ShouldBe(JobState.Failed);
        job.FailureReason.ShouldNotBeNull().ShouldContain("corrupt or truncated");
        job.FailureReason.ShouldContain("JPEG data ends before the whole image is decoded");
        job.Attempts.ShouldBe(1);

        using var result = await client.GetAsync(job.Links.Result ?? $"/jobs/{job.Id}/result");
        await ShouldBeProblem(result, 409, "No result yet");
    }

    [Fact]
    public async Task A_failed_job_can_be_retried_once_its_cause_is_fixed()
    {
        var failed = await client.WaitForEndAsync((await client.UploadAsync(TestImages.TruncatedJpeg())).Id);
        failed.State.ShouldBe(JobState.Failed);

        // Repair the stored original, as an operator would, then retry.
        var store = app.Services.GetRequiredService<Queues.ServiceDefaults.Storage.IObjectStore>();
        using (var scope = app.Services.CreateScope())
        {
            var row = await scope.ServiceProvider.JobsOfEveryTenant().Jobs.FindAsync(failed.Id);
            await store.PutAsync(row!.OriginalKey, TestImages.Jpeg(640, 480), "image/jpeg");
        }

        using var retry = await client.PostAsync($"/jobs/{failed.Id}/retry", null);
        retry.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var job = await client.WaitForEndAsync(failed.Id);
        job.State.ShouldBe(JobState.Completed, job.FailureReason);
        job.FailureReason.ShouldBeNull();
        job.Attempts.ShouldBe(2);

        using var again = await client.PostAsync($"/jobs/{failed.Id}/retry", null);
        await ShouldBeProblem(again, 409, "Not failed");
    }

    [Fact]
    public async Task Unknown_jobs_are_404_problems()
    {
        using var response = await client.GetAsync($"/jobs/{Guid.NewGuid()}");
        await ShouldBeProblem(response, 404, "No such job");
    }

    [Fact]
    public async Task Jobs_are_listed_newest_first_by_state_and_page()
    {
        // Its own app, so the list holds exactly this test's jobs.
        await using var own = new StandaloneApp();
        var client = own.CreateClient();
        var first = await client.UploadAsync(TestImages.Jpeg(200, 100));
        var second = await client.UploadAsync(TestImages.Jpeg(200, 100));
        await client.WaitForEndAsync(first.Id);
        await client.WaitForEndAsync(second.Id);

        var page = (await client.GetFromJsonAsync<JobPage>("/jobs?state=completed&pageSize=2", StandaloneApp.Json))!;
        page.Items.ShouldAllBe(j => j.State == JobState.Completed);
        page.Items.Count.ShouldBe(2);
        page.Total.ShouldBe(2);
        page.Items.Select(j => j.Id).ShouldBe([second.Id, first.Id], "newest first");

        var secondPage = (await client.GetFromJsonAsync<JobPage>("/jobs?state=Completed&pageSize=1&page=2", StandaloneApp.Json))!;
        secondPage.Items.Single().Id.ShouldBe(page.Items[1].Id);

        using var bad = await client.GetAsync("/jobs?state=Exploded");
        await ShouldBeProblem(bad, 400, "Invalid state");
    }

    static async Task<JsonElement> ShouldBeProblem(HttpResponseMessage response, int status, string title)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        problem.GetProperty("title").GetString().ShouldBe(title);
        return problem;
    }

    /// <summary>A body that claims a size and produces zeros lazily, counting what was actually sent.</summary>
    sealed class ZeroContent(long length) : HttpContent
    {
        public long BytesSent;

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            try
            {
                while (BytesSent < length)
                {
                    await stream.WriteAsync(chunk);
                    BytesSent += chunk.Length;
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or HttpRequestException)
            {
                // The server closed the request after answering: the point of the test.
            }
        }

        protected override bool TryComputeLength(out long size)
        {
            size = length;
            return true;
        }
    }
}
