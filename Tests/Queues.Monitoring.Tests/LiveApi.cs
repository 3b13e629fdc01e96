using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Queues.Monitoring.Tests;

/// <summary>The real Api in standalone mode on a real loopback port, so the Monitoring tool can be run against it as a process.</summary>
public sealed class LiveApi : WebApplicationFactory<Program>
{
    readonly string data = Directory.CreateTempSubdirectory("queues-monitoring-").FullName;

    public string WorkerId { get; } = "monitored-" + Guid.NewGuid().ToString("N")[..8];
    public HttpClient Client { get; }

    public LiveApi()
    {
        UseKestrel(0);
        StartServer();
        Client = CreateClient();
    }

    public Uri Url => Client.BaseAddress!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:LocalPath", Path.Combine(data, "objects"));
        builder.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(data, "jobs.db")}");
        builder.UseSetting("Worker:Id", WorkerId);
        builder.UseSetting("QueueMetrics:PollInterval", "00:00:01");
    }

    public Task UploadAsync(int jobs) => Client.UploadAsync(jobs);

    public override async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await base.DisposeAsync();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}

public static class Uploads
{
    /// <summary>A 640x480 gradient JPEG.</summary>
    public static byte[] Photo() => NetVips.Image.Xyz(640, 480)[0].Cast(NetVips.Enums.BandFormat.Uchar).JpegsaveBuffer();

    /// <summary>POSTs that many photos to /jobs at once; each must be accepted.</summary>
    public static async Task UploadAsync(this HttpClient client, int jobs)
    {
        var image = Photo();
        await Task.WhenAll(Enumerable.Range(0, jobs).Select(async _ =>
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(image), "file", "photo.jpg" } };
            using var response = await client.PostAsync("/jobs", form);
            response.EnsureSuccessStatusCode();
        }));
    }
}
