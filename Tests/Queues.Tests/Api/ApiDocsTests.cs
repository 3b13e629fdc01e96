using System.Text.Json;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>The OpenAPI document behind /swagger: what a newcomer reads and what "Try it out" sends.</summary>
public sealed class ApiDocsTests(StandaloneApp app) : IClassFixture<StandaloneApp>
{
    /// <summary>Operations that answer nothing but 200: open and without parameters (every other one documents at least 401).</summary>
    static readonly string[] NeverFail = ["get /access"];

    async Task<IEnumerable<(string Name, JsonElement Operation)>> OperationsAsync()
    {
        var doc = JsonSerializer.Deserialize<JsonElement>(await app.CreateClient().GetStringAsync("/openapi/v1.json"));
        return doc.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => ($"{op.Name} {path.Name}", op.Value))).ToList();
    }

    [Fact]
    public async Task The_upload_form_requires_the_file_and_pre_fills_only_values_the_endpoint_accepts()
    {
        var upload = (await OperationsAsync()).Single(o => o.Name == "post /jobs").Operation;
        var form = upload.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");

        form.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ShouldBe(["file"]);
        var fields = form.GetProperty("properties");
        fields.GetProperty("file").GetProperty("format").GetString().ShouldBe("binary");
        var operations = fields.GetProperty("operations").GetProperty("examples")[0].GetString();
        var format = fields.GetProperty("format").GetProperty("examples")[0].GetString();

        using var client = app.CreateClient();
        using var sent = JobsClient.Form(TestImages.Jpeg(64, 48), operations: operations);
        sent.Add(new StringContent(format!), "format");
        var response = await client.PostAsync("/jobs", sent);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_every_parameter_a_description()
    {
        foreach (var (name, operation) in await OperationsAsync())
        {
            operation.TryGetProperty("summary", out var summary).ShouldBeTrue(name);
            summary.GetString().ShouldNotBeNullOrWhiteSpace(name);
            if (!operation.TryGetProperty("parameters", out var parameters)) continue;
            foreach (var parameter in parameters.EnumerateArray())
                parameter.TryGetProperty("description", out _).ShouldBeTrue($"{name}: parameter '{parameter.GetProperty("name")}' has no description");
        }
    }

    [Fact]
    public async Task Every_operation_that_can_fail_documents_its_errors_as_problem_details()
    {
        foreach (var (name, operation) in await OperationsAsync())
        {
            var errors = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5').ToList();
            if (!NeverFail.Contains(name)) errors.ShouldNotBeEmpty($"{name} documents no error response");
            foreach (var error in errors)
                error.Value.GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue($"{name} {error.Name}");
        }
    }
}
