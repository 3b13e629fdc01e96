using System.Net;
using Queues.ServiceDefaults.Messaging;

namespace Queues.Monitoring.Sources;

/// <summary>A source that cannot be read right now, with a message a person can act on (no stack trace).</summary>
public sealed class SourceUnavailableException(string message) : Exception(message);

/// <summary>Reads from one service and turns every way that can fail into one readable line.</summary>
public sealed class HttpSource(HttpClient http, string what)
{
    public string What => what;

    public Task<string> GetStringAsync(Uri url, CancellationToken cancellationToken) =>
        ReadAsync(url, async token =>
        {
            using var response = await http.GetAsync(url, token);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync(token);
        }, cancellationToken);

    /// <summary>Any read through this source's client (the shared management client's calls too), its failures worded.</summary>
    public async Task<T> ReadAsync<T>(Uri url, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var where = url.GetLeftPart(UriPartial.Authority);
        try
        {
            return await read(cancellationToken);
        }
        catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new SourceUnavailableException($"{what} at {where} refused the credentials ({(int)e.StatusCode}); see --user/--password");
        }
        catch (HttpRequestException e) when (e.StatusCode is { } status)
        {
            throw new SourceUnavailableException($"{what} at {url} answered {(int)status} {status}");
        }
        catch (HttpRequestException e)
        {
            throw new SourceUnavailableException($"{what} unreachable at {where}: {e.InnerException?.Message ?? e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SourceUnavailableException($"{what} at {where} did not answer within {http.Timeout.TotalSeconds:0} s");
        }
    }

    /// <param name="apiKey">Sent as X-Api-Key when given (an Api in ApiKey mode).</param>
    public static HttpClient Client(string? apiKey = null)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        if (!string.IsNullOrEmpty(apiKey)) http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }

    /// <summary>The broker's management API through the client the Api uses, with this tool's timeout and wording.</summary>
    public static (HttpSource Source, RabbitMqManagementClient Client) Management(MonitorOptions options)
    {
        var http = Client();
        return (new HttpSource(http, "RabbitMQ management API"),
            new RabbitMqManagementClient(http, options.Rabbit!, options.User, options.Password, options.VirtualHost));
    }
}
