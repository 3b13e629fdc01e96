using System.Net;
using System.Text;
using System.Text.Json;
using Queues.Tests.Support;

namespace Queues.Tests.Access;

/// <summary>
/// Every operation in the OpenAPI document, called by each kind of caller, answers the status this table expects.
/// The rows come from the document, so an endpoint added without a row here fails the test, and a row whose
/// endpoint is gone fails it too. Path ids are tenant A's completed job (for /keys/{id}: no such key).
/// </summary>
public sealed class EndpointAccessMatrixTests(KeyedApp app) : IClassFixture<KeyedApp>
{
    static readonly string?[] Callers = [null, "not-a-known-key-000000000", KeyedApp.TenantAKey, KeyedApp.TenantBKey, KeyedApp.OperatorKey];
    static readonly string[] CallerNames = ["no key", "unknown key", "tenant A submitter", "tenant B submitter", "operator"];

    //                                                 none unknown  A    B   operator
    static readonly Dictionary<string, int[]> Documented = new()
    {
        ["POST /jobs"] = [401, 401, 400, 400, 400],                  // an empty form: authorized, then "No file"
        ["GET /jobs"] = [401, 401, 200, 200, 200],
        ["GET /jobs/{id}"] = [401, 401, 200, 404, 200],
        ["GET /jobs/{id}/result"] = [401, 401, 200, 404, 200],
        ["GET /jobs/{id}/original"] = [401, 401, 200, 404, 200],
        ["POST /jobs/{id}/retry"] = [401, 401, 409, 404, 409],       // completed, so not retryable
        ["POST /jobs/{id}/cancel"] = [401, 401, 409, 404, 409],      // completed, so not cancellable
        ["DELETE /jobs/{id}"] = [401, 401, 204, 404, 204],           // a fresh job of tenant A for each caller
        ["POST /jobs/bulk/{action}"] = [401, 401, 400, 400, 400],    // "{action}" is no action
        ["GET /jobs/{id}/result/{name}"] = [401, 401, 404, 404, 404], // the job has no rendition "{name}"
        ["GET /jobs/{id}/preview"] = [401, 401, 200, 404, 200],
        ["GET /jobs/{id}/timeline"] = [401, 401, 200, 404, 200],
        ["POST /jobs/batch"] = [401, 401, 400, 400, 400],            // no count
        ["GET /jobs/timeline"] = [401, 401, 403, 403, 200],
        ["GET /live"] = [401, 401, 403, 403, 200],
        ["POST /upload"] = [401, 401, 400, 400, 400],
        ["GET /status/{job_id}"] = [401, 401, 200, 404, 200],
        ["GET /events"] = [401, 401, 200, 200, 200],
        ["GET /tenants"] = [401, 401, 403, 403, 200],
        ["GET /tenants/settings"] = [401, 401, 403, 403, 200],
        ["PUT /tenants/{tenant}/settings"] = [401, 401, 403, 403, 200], // {} clears what was set at run time
        ["GET /workers"] = [401, 401, 403, 403, 200],
        ["GET /queues"] = [401, 401, 403, 403, 200],
        ["GET /dlq"] = [401, 401, 403, 403, 200],
        ["GET /dlq/stats"] = [401, 401, 403, 403, 200],
        ["POST /dlq/replay"] = [401, 401, 403, 403, 200],
        ["GET /stats"] = [401, 401, 403, 403, 200],
        ["GET /keys"] = [401, 401, 403, 403, 200],
        ["POST /keys"] = [401, 401, 403, 403, 400],                  // {} names no tenant
        ["DELETE /keys/{id}"] = [401, 401, 403, 403, 404],
        ["GET /access"] = [200, 200, 200, 200, 200],
        ["GET /processing"] = [401, 401, 403, 403, 200],
        ["POST /processing/pause"] = [401, 401, 403, 403, 200],
        ["POST /processing/resume"] = [401, 401, 403, 403, 200],
        ["POST /batches"] = [401, 401, 400, 400, 400],               // an empty form: authorized, then "Empty batch"
        ["GET /batches"] = [401, 401, 200, 200, 200],
        ["GET /batches/{id}"] = [401, 401, 200, 404, 200],           // {id}: tenant A's ended batch of one completed job
        ["GET /batches/{id}/results.zip"] = [401, 401, 200, 404, 200],
        ["POST /batches/{id}/cancel"] = [401, 401, 200, 404, 200],   // nothing left to cancel: 200, none acted on
        ["POST /batches/{id}/retry"] = [401, 401, 200, 404, 200],    // nothing failed: 200, none acted on
        ["DELETE /batches/{id}"] = [401, 401, 204, 404, 204],        // a fresh batch of tenant A for each caller
    };

    /// <summary>Endpoints whose call takes the job away: each caller gets a job of its own.</summary>
    static readonly HashSet<string> Destructive = ["DELETE /jobs/{id}", "DELETE /batches/{id}"];

    /// <summary>Endpoints that stop the workers: processing is resumed after each, so the rows after it still get their jobs done.</summary>
    static readonly HashSet<string> Pausing = ["POST /processing/pause"];

    /// <summary>Not in the document (health checks, Prometheus, the document itself), so listed by hand.</summary>
    static readonly Dictionary<string, int[]> Infrastructure = new()
    {
        ["GET /health/live"] = [200, 200, 200, 200, 200],
        ["GET /health/ready"] = [200, 200, 200, 200, 200],
        ["GET /health/details"] = [401, 401, 403, 403, 200],
        ["GET /metrics"] = [401, 401, 403, 403, 200],
        ["GET /openapi/v1.json"] = [200, 200, 200, 200, 200],
    };

    [Fact]
    public async Task Every_documented_endpoint_answers_each_caller_as_the_table_expects()
    {
        var operations = await DocumentedOperationsAsync();
        operations.Keys.Order().ShouldBe(Documented.Keys.Order(),
            "the OpenAPI document and this table must list the same endpoints: add a row for a new endpoint");
        var jobId = await CompletedJobOfTenantAAsync();
        var batchId = await EndedBatchOfTenantAAsync();

        var wrong = new List<string>();
        foreach (var (endpoint, body) in operations)
        {
            wrong.AddRange(await CheckAsync(endpoint, Documented[endpoint], body, endpoint.Contains("/batches/") ? batchId : jobId));
            if (Pausing.Contains(endpoint)) (await app.ClientWith(KeyedApp.OperatorKey).PostAsync("/processing/resume", null)).EnsureSuccessStatusCode();
        }
        foreach (var (endpoint, expected) in Infrastructure) wrong.AddRange(await CheckAsync(endpoint, expected, null, jobId));
        wrong.ShouldBeEmpty();
    }

    [Fact]
    public async Task Refusals_are_problem_documents_that_say_why()
    {
        using var none = await app.ClientWith(null).GetAsync("/jobs");
        none.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await Title(none)).ShouldBe("API key required");
        using var unknown = await app.ClientWith("not-a-known-key-000000000").GetAsync("/jobs");
        (await Title(unknown)).ShouldBe("Unknown API key");
        using var forbidden = await app.ClientWith(KeyedApp.TenantAKey).GetAsync("/dlq");
        forbidden.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await Title(forbidden)).ShouldBe("Operator role required");
    }

    [Fact]
    public async Task A_bearer_token_works_like_the_header()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", KeyedApp.OperatorKey);
        using var response = await client.GetAsync("/dlq");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    static async Task<string?> Title(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()).GetProperty("title").GetString();

    async Task<List<string>> CheckAsync(string endpoint, int[] expected, string? body, Guid jobId)
    {
        var (method, template) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        var wrong = new List<string>();
        for (var i = 0; i < Callers.Length; i++)
        {
            var id = !Destructive.Contains(endpoint) ? jobId
                : endpoint.Contains("/batches/") ? await EndedBatchOfTenantAAsync() : await CompletedJobOfTenantAAsync();
            var path = template.Replace("{id}", id.ToString()).Replace("{job_id}", id.ToString());
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(body) };
            if (Callers[i] is { } key) request.Headers.Add("X-Api-Key", key);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            // Headers only: /events answers 200 and then streams for as long as it is read.
            using var response = await app.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
            if ((int)response.StatusCode != expected[i]) wrong.Add($"{endpoint} by {CallerNames[i]}: {(int)response.StatusCode}, expected {expected[i]}");
        }
        return wrong;
    }

    static HttpContent? Body(string? contentType) => contentType switch
    {
        "multipart/form-data" => new MultipartFormDataContent(),
        "application/json" => new StringContent("{}", Encoding.UTF8, "application/json"),
        _ => null,
    };

    /// <summary>"METHOD /path" → the request body's media type the document names (null: none).</summary>
    async Task<Dictionary<string, string?>> DocumentedOperationsAsync()
    {
        var document = JsonSerializer.Deserialize<JsonElement>(await app.CreateClient().GetStringAsync("/openapi/v1.json"));
        var operations = new Dictionary<string, string?>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                string? body = null;
                if (operation.Value.TryGetProperty("requestBody", out var requestBody))
                    body = requestBody.GetProperty("content").EnumerateObject().First().Name;
                operations[$"{operation.Name.ToUpperInvariant()} {path.Name}"] = body;
            }
        return operations;
    }

    async Task<Guid> EndedBatchOfTenantAAsync()
    {
        var client = app.ClientWith(KeyedApp.TenantAKey);
        var batch = await Batches.BatchClient.CreateBatchAsync(client, [TestImages.Jpeg(200, 150)]);
        return (await Batches.BatchClient.WaitForBatchEndAsync(client, batch.Batch.Id)).Id;
    }

    async Task<Guid> CompletedJobOfTenantAAsync()
    {
        var client = app.ClientWith(KeyedApp.TenantAKey);
        var job = await client.WaitForEndAsync((await client.UploadAsync(TestImages.Jpeg(200, 150))).Id);
        job.State.ShouldBe(Queues.Api.Jobs.JobState.Completed, job.FailureReason);
        job.Tenant.ShouldBe("tenant-a");
        return job.Id;
    }
}
