using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>A job's callbackUrl at upload: refused with a reason when it points inside the network, kept on the job when not.</summary>
public sealed class CallbackUrlTests : IAsyncLifetime
{
    // A fresh app per test: each test changes jobs, counts and what the harness has seen.
    readonly CallbackUrlTests.App app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    /// <summary>The default guard; deliveries go nowhere (the public address accepted below is no receiver of ours), once each.</summary>
    public sealed class App : StandaloneApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Webhooks:MaxAttempts", "1");
            builder.ConfigureTestServices(services => services.RefuseWebhookConnections());
        }
    }

    HttpClient client => field ??= app.CreateClient();

    [Theory]
    [InlineData("http://127.0.0.1:9/hook", "127.0.0.1 is a loopback address")]
    [InlineData("http://10.0.0.1/hook", "10.0.0.1 is a private address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is the cloud metadata service's link-local address")]
    [InlineData("http://[::1]/hook", "loopback")]
    [InlineData("http://localhost/hook", "'localhost' resolves to")]
    [InlineData("file:///etc/passwd", "absolute http:// or https:// URL")]
    [InlineData("ftp://203.0.113.7/hook", "absolute http:// or https:// URL")]
    public async Task An_internal_or_non_http_callbackUrl_is_refused_with_400_saying_why(string url, string reason)
    {
        using var response = await client.PostAsync("/jobs", JobsClient.Form(TestImages.Jpeg(64, 48), callbackUrl: url));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        problem.GetProperty("title").GetString().ShouldBe("Invalid callbackUrl");
        problem.GetProperty("detail").GetString()!.ShouldContain(reason);
        await using var scope = app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.JobsOfEveryTenant().Jobs.AnyAsync(j => j.CallbackUrl == url)).ShouldBeFalse("nothing was queued");
    }

    [Fact]
    public async Task A_public_callbackUrl_is_kept_on_the_job_and_an_empty_one_is_none()
    {
        const string url = "https://203.0.113.7/hooks/queues?token=abc";
        var job = await client.UploadAsync(TestImages.Jpeg(64, 48), callbackUrl: url);
        job.Webhook.ShouldNotBeNull().CallbackUrl.ShouldBe(url);
        (await client.GetJobAsync(job.Id)).Webhook.ShouldNotBeNull().CallbackUrl.ShouldBe(url);

        var none = await client.UploadAsync(TestImages.Jpeg(64, 48), callbackUrl: " ");
        none.Webhook.ShouldBeNull();
    }
}
