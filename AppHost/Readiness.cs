using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Queues.AppHost;

/// <summary>
/// An executable is Running as soon as its process is; these checks make <c>WaitFor</c> wait for what it serves.
/// </summary>
static class Readiness
{
    /// <summary>Healthy once 127.0.0.1:<paramref name="port"/> accepts a connection.</summary>
    public static IResourceBuilder<T> WithTcpHealthCheck<T>(this IResourceBuilder<T> resource, int port) where T : IResource
    {
        var key = $"{resource.Resource.Name}-tcp-{port}";
        resource.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(key, async cancellation =>
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port, cancellation);
                return HealthCheckResult.Healthy();
            }
            catch (SocketException e)
            {
                return HealthCheckResult.Unhealthy($"127.0.0.1:{port}: {e.SocketErrorCode}");
            }
        });
        return resource.WithHealthCheck(key);
    }

    /// <summary>Healthy once http://127.0.0.1:<paramref name="port"/><paramref name="path"/> answers at all (any status).</summary>
    public static IResourceBuilder<T> WithHttpAnswerCheck<T>(this IResourceBuilder<T> resource, int port, string path = "/")
        where T : IResource
    {
        var key = $"{resource.Resource.Name}-http-{port}";
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        resource.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(key, async cancellation =>
        {
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}{path}", cancellation);
                return HealthCheckResult.Healthy();
            }
            catch (HttpRequestException e)
            {
                return HealthCheckResult.Unhealthy($"127.0.0.1:{port}: {e.Message}");
            }
        });
        return resource.WithHealthCheck(key);
    }
}
