using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Queues.Api.Access;
using Queues.Imaging;

namespace Queues.Api.OpenApi;

/// <summary>
/// The OpenAPI document that /swagger renders. The generator describes a multipart form as an allOf of one
/// untyped-example string per field, which Swagger UI's "Try it out" then pre-fills with the word "string"
/// (an invalid operation); it also cannot know that a nullable <see cref="IFormFile"/> is in fact required, nor
/// what a parameter means. The endpoints say those things as metadata; this puts them into the document.
/// </summary>
public static class ApiDocs
{
    /// <summary>
    /// What a parameter means, by name: the same name means the same thing on every endpoint, so it is said
    /// once here rather than on each handler. A parameter missing here fails ApiDocsTests.
    /// </summary>
    static readonly Dictionary<string, string> Parameters = new()
    {
        ["id"] = "The job id, as answered by POST /jobs (a GUID); under /batches, the batch id, as answered by POST /batches.",
        ["job_id"] = "The job id, as answered by POST /upload (a GUID).",
        ["name"] = "A rendition's name, as given in its upload's 'rendition' field (NAME=OPERATIONS).",
        ["jobId"] = "Only this job's dead letters (a GUID); empty means all.",
        ["state"] = "Only jobs in this state: Queued, Processing, Completed, Failed or Cancelled; for GET /batches, open or ended.",
        ["tenant"] = "Only this tenant's jobs (operators; a submitter sees only its own tenant's anyway).",
        ["page"] = "Page number, from 1.",
        ["pageSize"] = "Jobs (for GET /batches, batches) per page, 1 to 500.",
        ["batchId"] = "Only this batch's jobs (a GUID, as answered by POST /batches).",
        ["limit"] = "At most this many dead letters, 1 to 1000.",
        ["minutes"] = "How many minutes back, 1 to 60.",
        ["count"] = "How many jobs to queue, 1 to Uploads:MaxBatch.",
        ["q"] = "Text in the file name, the operations or a failure reason the job met, any case (at most 200 characters).",
        ["from"] = "Only jobs queued at or after this time (ISO 8601, UTC unless it names an offset).",
        ["to"] = "Only jobs queued before this time (ISO 8601).",
        ["action"] = "retry (the filter's Failed jobs), cancel (its Queued and Processing ones) or delete (all it matches).",
        ["confirm"] = "The count the first call answered: the action runs only if the filter still matches exactly this many.",
        ["operations"] = "Comma-separated operations, applied in order, e.g. 'resize:320x320:fit,grayscale'. Empty means 'resize:320x320:fit,grayscale'.",
    };

    public static IHostApplicationBuilder AddApiDocs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Queues API";
            document.Info.Description = "Upload images with operations; follow each job to its result. Errors are RFC 9457 problem details.";
            return Task.CompletedTask;
        }).AddOperationTransformer((operation, context, _) =>
        {
            foreach (var parameter in operation.Parameters ?? [])
                if (parameter is OpenApiParameter p && p.Name is { } name && Parameters.TryGetValue(name, out var text)) p.Description ??= text;
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<FormFields>().FirstOrDefault() is { } form)
                DescribeForm(operation, form);
            return Task.CompletedTask;
        }).AddAccessDocs());
        return builder;
    }

    /// <summary>Documents a multipart form's fields: what each is, an example that the endpoint accepts, which are required.</summary>
    public static TBuilder WithFormFields<TBuilder>(this TBuilder endpoint, params FormField[] fields) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new FormFields(fields));

    /// <summary>200 with the image bytes, in whichever format it is stored.</summary>
    public static RouteHandlerBuilder ProducesImage(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces(StatusCodes.Status200OK, null, ImageFormats.All[0].ContentType, [.. ImageFormats.All.Skip(1).Select(f => f.ContentType)]);

    static void DescribeForm(OpenApiOperation operation, FormFields form)
    {
        if (operation.RequestBody?.Content?.TryGetValue("multipart/form-data", out var media) != true) return;
        // One flat object instead of the generator's allOf of one-property objects, so the required mark shows.
        var schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>(), Required = new HashSet<string>() };
        foreach (var field in form.Fields)
        {
            schema.Properties[field.Name] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Format = field.IsFile ? "binary" : null,
                Description = field.Description,
                Examples = field.Example is null ? null : [JsonValue.Create(field.Example)],
            };
            if (field.IsFile) schema.Required.Add(field.Name);
        }
        media!.Schema = schema;
    }

    /// <summary>One multipart form field: a required file, or optional text whose example (what Swagger UI pre-fills) the endpoint accepts.</summary>
    public sealed record FormField(string Name, string Description, string? Example, bool IsFile)
    {
        public static FormField File(string name, string description) => new(name, description, null, true);
        public static FormField Text(string name, string description, string example) => new(name, description, example, false);
        /// <summary>
        /// Text that may come several times. Described as one string whose example is empty: Swagger UI's "Try it out"
        /// pre-fills a field without an example (or an array's item) with "string" and sends it; an empty value is ignored.
        /// </summary>
        public static FormField Repeated(string name, string description) => new(name, description + " Repeat the field for each value.", "", false);
    }

    sealed record FormFields(FormField[] Fields);
}
