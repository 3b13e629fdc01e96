using System.Net;

namespace Queues.Monitoring.Sources;

/// <summary>A source that cannot be read right now, with a message a person can act on (no stack trace).</summary>
public sealed class SourceUnavailableException(string message) : Exception(message);

/// <summary>GETs text from one service and turns every way that can fail into one readable line.</summary>
public sealed class HttpSource(HttpClient http, string what)
{
    public string What => what;

    public async Task<string> GetStringAsync(Uri url, CancellationToken cancellationToken)
    {
        var where = url.GetLeftPart(UriPartial.Authority);
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new SourceUnavailableException($"{what} at {where} refused the credentials ({(int)response.StatusCode}); see --user/--password");
            if (!response.IsSuccessStatusCode)
                throw new SourceUnavailableException($"{what} at {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            return await response.Content.ReadAsStringAsync(cancellationToken);
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

    public static HttpClient Client(string? user = null, string? password = null)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        if (user is not null)
            http.DefaultRequestHeaders.Authorization = new("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }
}
