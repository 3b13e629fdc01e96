using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Queues.LoadTest.Images;

namespace Queues.LoadTest.Client;

/// <summary>The fields of a job this tool reads; the API's JobView has more.</summary>
public sealed record JobStatus(Guid Id, string State, double? ProcessingMs, double? EndToEndMs)
{
    public bool IsFinished => State is "Completed" or "Failed";
}

sealed record JobList(List<JobStatus> Items);

/// <summary>The Queues HTTP API as the load generator uses it: upload, read one job, read a page of jobs.</summary>
public sealed class QueuesClient(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public HttpClient Http => http;

    /// <summary>A client that does not cap connections: an open-model run must not queue behind its own pool.</summary>
    /// <param name="apiKey">Sent as X-Api-Key on every request (uploads, job reads, the event stream) when given.</param>
    public static QueuesClient Create(Uri baseAddress, string? apiKey = null)
    {
        var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        })
        { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
        if (!string.IsNullOrEmpty(apiKey)) http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return new(http);
    }

    public async Task<(int Status, JobStatus? Job, string? Error)> UploadAsync(SampleImage image, string? operations, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(image.Bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(image.ContentType);
        form.Add(file, "file", image.Name);
        if (!string.IsNullOrWhiteSpace(operations)) form.Add(new StringContent(operations), "operations");

        using var response = await http.PostAsync("/jobs", form, cancellationToken);
        var status = (int)response.StatusCode;
        if (status != 202) return (status, null, Shorten(await response.Content.ReadAsStringAsync(cancellationToken)));
        return (status, await response.Content.ReadFromJsonAsync<JobStatus>(Json, cancellationToken), null);
    }

    public async Task<JobStatus?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/jobs/{id}", cancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JobStatus>(Json, cancellationToken) : null;
    }

    /// <summary>The newest jobs in one state: one request finds many finished jobs at once.</summary>
    public async Task<IReadOnlyList<JobStatus>> ListAsync(string state, int pageSize, int page, CancellationToken cancellationToken)
    {
        var list = await http.GetFromJsonAsync<JobList>($"/jobs?state={state}&page={page}&pageSize={pageSize}", Json, cancellationToken);
        return list?.Items ?? [];
    }

    static string Shorten(string text) => text.Length > 300 ? text[..300] : text;
}
