using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Queues.Api.Jobs;
using Queues.Tests.Support;

namespace Queues.Tests.Access;

public sealed class SignedLinkApp : KeyedApp
{
    public const string SigningKey = "signed-link-test-key";
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Auth:LinkSigningKey"] = SigningKey };
}

public sealed class SignedLinkTests : IAsyncLifetime
{
    // A fresh app per test: each test changes jobs, counts and what the harness has seen.
    readonly SignedLinkApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    HttpClient anonymous => field ??= app.ClientWith(null);

    [Fact]
    public async Task A_jobs_signed_links_open_without_a_key()
    {
        var job = await CompletedJobAsync();
        job.Links.Result!.ShouldContain("sig=");
        foreach (var link in new[] { job.Links.Result!, job.Links.Original })
        {
            using var response = await anonymous.GetAsync(link);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, link);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        }
    }

    [Fact]
    public async Task The_preview_and_each_renditions_result_open_by_their_signed_links_and_not_unsigned()
    {
        var a = app.ClientWith(KeyedApp.TenantAKey);
        using var form = JobsClient.Form(TestImages.Jpeg(640, 480));
        form.Add(new StringContent("thumb=resize:200x200"), "rendition");
        form.Add(new StringContent("card=resize:400x300,format:webp"), "rendition");
        using var uploaded = await a.PostAsync("/jobs", form);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.Accepted, await uploaded.Content.ReadAsStringAsync());
        var id = JsonSerializer.Deserialize<JsonElement>(await uploaded.Content.ReadAsStringAsync()).GetProperty("id").GetGuid();
        var job = await a.WaitForEndAsync(id);
        job.State.ShouldBe(JobState.Completed, job.FailureReason);

        var links = job.Renditions.ShouldNotBeNull().Select(r => r.Url.ShouldNotBeNull()).Append(job.Links.Preview.ShouldNotBeNull()).ToList();
        links.Count.ShouldBe(3);
        foreach (var link in links)
        {
            link.ShouldContain("sig=");
            using var signed = await anonymous.GetAsync(link);
            signed.StatusCode.ShouldBe(HttpStatusCode.OK, link);
            using var unsigned = await anonymous.GetAsync(link[..link.IndexOf('?')]);
            unsigned.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, link);
        }
    }

    [Fact]
    public async Task A_signature_moved_to_another_path_or_expiry_is_refused()
    {
        var job = await CompletedJobAsync();
        var query = job.Links.Result![job.Links.Result!.IndexOf('?')..];
        await ShouldBeRefusedAsync($"/jobs/{job.Id}/original{query}", "Invalid link");
        await ShouldBeRefusedAsync($"/jobs/{Guid.CreateVersion7()}/result{query}", "Invalid link");

        var expires = long.Parse(query.Split('&')[0].Split('=')[1]);
        await ShouldBeRefusedAsync(job.Links.Result!.Replace($"expires={expires}", $"expires={expires + 3600}"), "Invalid link");
        await ShouldBeRefusedAsync($"/jobs/{job.Id}/result?expires={expires}", "Invalid link");
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        var job = await CompletedJobAsync();
        var path = $"/jobs/{job.Id}/result";
        await ShouldBeRefusedAsync(SignedByHand(path, DateTimeOffset.UtcNow.AddSeconds(-5)), "Expired link");

        // The same signing, a minute ahead, opens it: the refusal above is the expiry, not the signature.
        using var fresh = await anonymous.GetAsync(SignedByHand(path, DateTimeOffset.UtcNow.AddMinutes(1)));
        fresh.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>The documented scheme, computed here rather than by the app: HMAC-SHA256 of "path\nexpires", base64url.</summary>
    static string SignedByHand(string path, DateTimeOffset until)
    {
        var expires = until.ToUnixTimeSeconds();
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SignedLinkApp.SigningKey),
            Encoding.UTF8.GetBytes($"{path}\n{expires}")));
        return $"{path}?expires={expires}&sig={signature}";
    }

    async Task ShouldBeRefusedAsync(string link, string title)
    {
        using var response = await anonymous.GetAsync(link);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, link);
        JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()).GetProperty("title").GetString().ShouldBe(title, link);
    }

    async Task<JobView> CompletedJobAsync()
    {
        var a = app.ClientWith(KeyedApp.TenantAKey);
        var job = await a.WaitForEndAsync((await a.UploadAsync(TestImages.Jpeg(160, 120))).Id);
        job.State.ShouldBe(JobState.Completed, job.FailureReason);
        return job;
    }
}
