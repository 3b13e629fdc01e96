using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Queues.AppHost;

/// <summary>
/// An executable is Running as soon as its process is; these checks make <c>WaitFor</c> wait for what it serves.
/// </summary>
static class Readiness
{
    /// <summary>A resource that runs to its end (a cluster's join, initdb): it is ready once it has finished with 0.</summary>
    public static IResourceBuilder<T> AsOneShot<T>(this IResourceBuilder<T> resource) where T : IResource =>
        resource.WithAnnotation(new OneShotAnnotation());

    public static bool IsOneShot(this IResource resource) => resource.Annotations.OfType<OneShotAnnotation>().Any();

    /// <summary>A resource that waits for a Start (a spare worker): not started is as it should be.</summary>
    public static bool StartsExplicitly(this IResource resource) => resource.Annotations.OfType<ExplicitStartupAnnotation>().Any();

    sealed class OneShotAnnotation : IResourceAnnotation;

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

    /// <summary>
    /// Healthy once PostgreSQL accepts connections (pg_isready): it listens before it has finished starting up, and
    /// refuses connections until then.
    /// </summary>
    public static IResourceBuilder<T> WithPostgresReadyCheck<T>(this IResourceBuilder<T> resource, string bin, int port) where T : IResource
    {
        var key = $"{resource.Resource.Name}-ready-{port}";
        resource.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(key, async cancellation =>
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Path.Combine(bin, "pg_isready"),
                ["-h", "127.0.0.1", "-p", port.ToString(), "-q"]))!;
            await process.WaitForExitAsync(cancellation);
            return process.ExitCode == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"pg_isready: exit {process.ExitCode}");
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
