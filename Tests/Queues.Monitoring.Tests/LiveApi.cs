using System.Diagnostics;
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
        builder.UseSetting("QueueMetrics:PollSeconds", "1");
    }

    public async Task UploadAsync(int jobs)
    {
        var image = NetVips.Image.Xyz(640, 480)[0].Cast(NetVips.Enums.BandFormat.Uchar).JpegsaveBuffer();
        await Task.WhenAll(Enumerable.Range(0, jobs).Select(async _ =>
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(image), "file", "photo.jpg" } };
            using var response = await Client.PostAsync("/jobs", form);
            response.EnsureSuccessStatusCode();
        }));
    }

    /// <summary>Runs the Monitoring tool (built next to the tests) to its end; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunMonitoringAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Queues.Monitoring.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output + await errors);
    }

    public override async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await base.DisposeAsync();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
