using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Queues.ServiceDefaults.Storage;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>
/// A host started before its S3 server keeps trying to create the buckets, logging each failed attempt, until the
/// server answers; a host stopped meanwhile stops trying. The server is a loopback stand-in that fails its first
/// requests with 503, then says every bucket exists.
/// </summary>
public sealed class BucketInitializerTests : IAsyncLifetime
{
    WebApplication s3 = null!;
    int requests;

    /// <summary>Requests answered 503 before the stand-in starts answering.</summary>
    int failFirst = int.MaxValue;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        s3 = builder.Build();
        s3.Run(context =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref requests) <= failFirst ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        await s3.StartAsync();
    }

    public async Task DisposeAsync() => await s3.DisposeAsync();

    IHost StorageHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Storage:Provider"] = "Minio";
        builder.Configuration["Storage:Endpoint"] = new Uri(s3.Urls.First()).Authority;
        builder.Logging.ClearProviders();
        builder.Services.AddFakeLogging();
        builder.AddObjectStore();
        return builder.Build();
    }

    static IReadOnlyList<FakeLogRecord> Logs(IHost host) =>
        host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category?.EndsWith("BucketInitializer") == true).ToList();

    [Fact]
    public async Task Failed_attempts_are_logged_and_retried_until_the_server_answers()
    {
        failFirst = 2;
        using var host = StorageHost();
        await host.StartAsync();

        await Eventually.Until(() => Logs(host).Any(r => r.Message == "Object store buckets ready"), "the buckets to be ready");
        var logs = Logs(host);
        logs.Where(r => r.Level == LogLevel.Warning).Select(r => r.Message.Split(":")[0])
            .ShouldBe(["Object store not ready (attempt 1)", "Object store not ready (attempt 2)"]);
        logs[^1].Message.ShouldBe("Object store buckets ready");
        await host.StopAsync();
    }

    [Fact]
    public async Task A_host_stopped_while_the_server_is_down_stops_trying()
    {
        using var host = StorageHost();
        await host.StartAsync();
        await Eventually.Until(() => Logs(host).Any(r => r.Level == LogLevel.Warning), "a failed attempt");

        await host.StopAsync();
        var initializer = host.Services.GetServices<IHostedService>().OfType<BackgroundService>()
            .Single(s => s.GetType().Name == "BucketInitializer");
        initializer.ExecuteTask.ShouldNotBeNull().IsCompleted.ShouldBeTrue("stopping the host ends the retries");
        Logs(host).ShouldNotContain(r => r.Message == "Object store buckets ready");
    }
}
