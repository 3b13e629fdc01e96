using static Queues.Api.OpenApi.ApiDocs;

namespace Queues.Api.OpenApi;

/// <summary>The upload form shared by POST /jobs and POST /upload, and the problems an upload can answer.</summary>
public static class UploadForm
{
    public static readonly FormField File = FormField.File("file", "The image: JPEG, PNG, WebP, GIF, TIFF or HEIF.");

    // The examples are what Swagger UI's "Try it out" sends unless edited, so they must be accepted as they are.
    public static readonly FormField Operations = FormField.Text("operations",
        "Comma-separated operations, applied in order, e.g. 'resize:800x600:cover,blur:2,watermark:Hello,format:webp:80' "
        + "(a 400 answer lists all of them). Empty means 'resize:320x320:fit,grayscale'.",
        "resize:320x320:fit,grayscale");

    public static readonly FormField Format = FormField.Text("format",
        "Output format (jpeg, png, webp, avif), optionally with a quality: 'webp:80'. Leave empty when the operations name one.",
        "jpeg");

    public static readonly FormField Priority = FormField.Text("priority",
        "high, normal (the default) or low: the outbox sends higher priorities first (docs/api.md, 'Job operations').", "normal");

    public static readonly FormField NotBefore = FormField.Text("notBefore",
        "Optional ISO 8601 time (UTC unless it names an offset): the job stays Queued and is sent when due. At most 5 s in the past, at most 30 days ahead.",
        "");

    public static readonly FormField CallbackUrl = FormField.Text("callbackUrl",
        "Optional http(s) URL the job's end (job.completed or job.failed) is POSTed to, signed and retried, besides the global "
        + "webhook. Refused (400) if its host is or resolves to a loopback, private, link-local or other internal address.",
        "");

    public static readonly FormField BatchId = FormField.Text("batchId",
        "Optional: the id of an open batch of yours (POST /batches) the job joins. 404 for no such batch, 409 once it has ended.", "");

    public static readonly FormField Files = FormField.File("file",
        "The images, one 'file' field each (up to Uploads:MaxFilesPerBatch): JPEG, PNG, WebP, GIF, TIFF or HEIF.");

    public static readonly FormField Rendition = FormField.Repeated("rendition",
        "Several named outputs from one upload, instead of 'operations' and 'format': each value NAME=OPERATIONS, e.g. "
        + "'thumb=resize:320x320' and 'card=resize:800x600:cover,format:webp'. NAME is 1 to 32 of a-z, 0-9 and '-', unique; "
        + "up to 10. Each result is at /jobs/{id}/result/{NAME}; /jobs/{id}/result is the first.");

    /// <summary>400 bad form or operations, 413 too large, 415 not a supported image, 422 corrupt or too many pixels, 503 storage down.</summary>
    public static RouteHandlerBuilder ProducesUploadProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
