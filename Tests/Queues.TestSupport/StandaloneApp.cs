using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Queues.Api.Jobs;
using Shouldly;

namespace Queues.Tests.Support;

/// <summary>
/// The real API in standalone mode (SQLite, local folder), on its own temporary data, with MassTransit's test harness
/// in place of the in-memory bus: the app's own consumers (job state, worker, notifier, heartbeats) run as they are
/// registered, and a test can wait until one of them has consumed a given message.
/// </summary>
public class StandaloneApp : WebApplicationFactory<Program>
{
    public const long MaxUploadBytes = 4 * 1024 * 1024;
    readonly TempFolder data = new();

    /// <summary>Unique per app: meters are process-wide, so metric assertions filter on this label.</summary>
    public string WorkerId { get; } = "standalone-" + Guid.NewGuid().ToString("N")[..8];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:LocalPath", Path.Combine(data.Path, "objects"));
        builder.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(data.Path, "jobs.db")}");
        builder.UseSetting("Uploads:MaxBytes", MaxUploadBytes.ToString());
        builder.UseSetting("Worker:RetryMinDelay", "00:00:00.020");
        builder.UseSetting("Worker:RetryMaxDelay", "00:00:00.100");
        builder.UseSetting("Worker:Id", WorkerId);
        builder.UseSetting("QueueMetrics:PollInterval", "00:00:01");
        // The harness keeps the consumer registrations and replaces the bus with its own in-memory one.
        builder.ConfigureTestServices(services => services.AddMassTransitTestHarness());
    }

    /// <summary>What the bus published, sent and consumed since this app started; see <see cref="HarnessWaits"/>.</summary>
    public ITestHarness Harness => Services.GetTestHarness();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        data.Dispose();
        GC.SuppressFinalize(this);
    }
}

public static class JobsClient
{
    public static MultipartFormDataContent Form(byte[] file, string fileName = "photo.jpg", string? operations = null, string field = "file",
        string? callbackUrl = null)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(content, field, fileName);
        if (operations is not null) form.Add(new StringContent(operations), "operations");
        if (callbackUrl is not null) form.Add(new StringContent(callbackUrl), "callbackUrl");
        return form;
    }

    public static async Task<JobView> UploadAsync(this HttpClient client, byte[] file, string? operations = null, string? callbackUrl = null)
    {
        using var response = await client.PostAsync("/jobs", Form(file, operations: operations, callbackUrl: callbackUrl));
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JobView>(StandaloneApp.Json))!;
    }

    public static async Task<JobView> GetJobAsync(this HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<JobView>($"/jobs/{id}", StandaloneApp.Json))!;

    /// <summary>Polls until the job is Completed or Failed; fails the test if it is still moving after the timeout.</summary>
    public static Task<JobView> WaitForEndAsync(this HttpClient client, Guid id, int seconds = 30) =>
        Eventually.Until(() => client.GetJobAsync(id), job => job.State is JobState.Completed or JobState.Failed,
            $"job {id} to end Completed or Failed", TimeSpan.FromSeconds(seconds));
}
