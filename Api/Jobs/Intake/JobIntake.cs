using Queues.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Queues.Api.Access;
using Queues.Api.Observability;
using Queues.Api.Uploads;
using Queues.Components.Notifications;
using Queues.ServiceDefaults.Storage;
using Queues.Imaging;

namespace Queues.Api.Jobs;

/// <summary>
/// Accepting an upload, shared by POST /jobs, POST /upload and POST /jobs/batch: check the image from its
/// header, store the original under a generated key, write the job row, wake the outbox.
/// </summary>
public sealed class JobIntake(
    IObjectStore store,
    JobTransitions transitions,
    ApiMetrics metrics,
    IOptions<ImagingOptions> imaging,
    IOptions<UploadOptions> uploads,
    TimeProvider clock,
    IHttpContextAccessor http,
    JobQuota quota,
    WebhookTargetGuard webhookTargets,
    ILogger<JobIntake> logger)
{
    public sealed record Outcome(ImageJob? Job, ProblemHttpResult? Problem);

    /// <summary>Reads an uploaded file (bounded by the upload limit) and accepts it.</summary>
    /// <param name="renditions">The repeated field 'rendition' (NAME=OPERATIONS), instead of operations and format.</param>
    /// <param name="callbackUrl">Where to POST the job's end, besides the global webhook; refused if internal (<see cref="WebhookTargetGuard"/>).</param>
    public async Task<Outcome> AcceptAsync(IFormFile? file, string? operations, string? format, CancellationToken cancellationToken,
        string? priority = null, string? notBefore = null, IReadOnlyList<string>? renditions = null, string? callbackUrl = null)
    {
        if (!JobSchedule.TryParse(priority, notBefore, clock.GetUtcNow().UtcDateTime, out var schedule, out var invalid))
            return new(null, invalid);
        // Empty is none: Swagger UI's "Try it out" sends the field empty when nobody filled it in.
        callbackUrl = string.IsNullOrWhiteSpace(callbackUrl) ? null : callbackUrl.Trim();
        if (callbackUrl is not null && await webhookTargets.RefusalAsync(callbackUrl, cancellationToken) is { } refusal)
            return Fail(StatusCodes.Status400BadRequest, "Invalid callbackUrl", $"The callbackUrl is refused: {refusal}.",
                "an absolute http:// or https:// URL whose host is not a loopback, private, link-local or other internal address");
        if (file is null)
            return Fail(StatusCodes.Status400BadRequest, "No file", "Send the image as the multipart form field 'file'.");
        if (file.Length == 0)
            return Fail(StatusCodes.Status400BadRequest, "Empty upload", "The file is empty.");
        if (file.Length > uploads.Value.MaxBytes)
            return new(null, UploadLimits.TooLarge(uploads.Value.MaxBytes, file.Length));
        IReadOnlyList<NamedPlan> named = [];
        if (renditions is { Count: > 0 })
        {
            if (!string.IsNullOrWhiteSpace(operations) || !string.IsNullOrWhiteSpace(format))
                return Fail(StatusCodes.Status400BadRequest, "Operations or renditions",
                    "Send either 'operations' (and 'format') for one output, or 'rendition' fields, each with its own operations.", RenditionParser.Allowed);
            if (!RenditionParser.TryParse(renditions, out named, out var badRendition))
                return Fail(StatusCodes.Status400BadRequest, "Invalid renditions", badRendition,
                    RenditionParser.Allowed + ". Operations: " + OperationParser.Allowed);
        }
        if (!OperationParser.TryParse(operations is null ? [] : [operations], format, out var plan, out var error))
            return Fail(StatusCodes.Status400BadRequest, "Invalid operations", error, OperationParser.Allowed);

        var content = new byte[file.Length];
        await using (var read = file.OpenReadStream()) await read.ReadExactlyAsync(content, cancellationToken);
        return await AcceptAsync(content, file.FileName, named.Count > 0 ? named[0].Plan : plan, cancellationToken, named,
            schedule: schedule, callbackUrl: callbackUrl);
    }

    /// <param name="renditions">Named outputs; the first one's plan is <paramref name="plan"/>. Empty for one output.</param>
    /// <param name="preview">Made already (a batch of one image makes it once); null leaves it to the first request for it.</param>
    /// <param name="callbackUrl">Checked already.</param>
    public async Task<Outcome> AcceptAsync(byte[] content, string? fileName, OperationPlan plan, CancellationToken cancellationToken,
        IReadOnlyList<NamedPlan>? renditions = null, byte[]? preview = null, JobSchedule? schedule = null, string? callbackUrl = null)
    {
        if (await quota.CheckAsync(cancellationToken) is { } overQuota) return new(null, overQuota);

        ImageInfo info;
        try
        {
            info = ImageInspector.Inspect(content, imaging.Value.MaxPixels);
        }
        catch (ImageRejectedException e)
        {
            return Fail(StatusFor(e.Kind), TitleFor(e.Kind), e.Message);
        }
        var (uprightWidth, uprightHeight) = info.Upright;
        foreach (var (name, checkedPlan) in renditions is { Count: > 0 } ? renditions.Select(r => (r.Name + ": ", r.Plan)) : [("", plan)])
            if (PlanGeometry.Check(checkedPlan, uprightWidth, uprightHeight) is { } outside)
                return Fail(StatusCodes.Status400BadRequest, "Crop outside the image", name + outside, OperationParser.Allowed);

        var job = new ImageJob
        {
            Id = Guid.CreateVersion7(),
            State = JobState.Queued,
            Tenant = http.HttpContext?.User.Tenant() ?? AccessOptions.DefaultTenant,
            OriginalKey = "",
            OriginalFileName = fileName is null ? null : Path.GetFileName(fileName)[..Math.Min(Path.GetFileName(fileName).Length, 255)],
            OriginalContentType = info.ContentType,
            OriginalSizeBytes = content.LongLength,
            OriginalWidth = info.Width,
            OriginalHeight = info.Height,
            Operations = plan.StepSpecs,
            SearchText = SearchTexts.For(fileName is null ? null : Path.GetFileName(fileName), plan.StepSpecs),
            OutputFormat = plan.FormatName,
            Quality = plan.Quality,
            QueuedAt = clock.GetUtcNow().UtcDateTime,
            Priority = (schedule ?? JobSchedule.Now).Priority,
            NotBefore = schedule?.NotBefore,
            TraceParent = JobTracing.CurrentTraceParent(),
            CallbackUrl = callbackUrl,
            Renditions = JobRenditions.Write(renditions?.Select(r =>
                new StoredRendition(r.Name, r.Plan.StepSpecs, r.Plan.FormatName, r.Plan.Quality)).ToList()),
        };
        job.OriginalKey = ObjectKeys.Original(job.Id, info.Extension);
        // The preview is made on its first request (JobImagesApi); a batch of one image brings the one it made for all.
        if (preview is not null) job.PreviewKey = ObjectKeys.Preview(job.Id);

        try
        {
            await Task.WhenAll(
                store.PutAsync(job.OriginalKey, content, info.ContentType, cancellationToken),
                preview is null ? Task.CompletedTask : store.PutAsync(job.PreviewKey!, preview, Preview.ContentType, cancellationToken));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Upload refused, object store unavailable: {Reason}", e.Message);
            return Fail(StatusCodes.Status503ServiceUnavailable, "Storage unavailable",
                "The image could not be stored right now; nothing was queued. Try again shortly.");
        }

        await transitions.AcceptAsync(job, cancellationToken);
        metrics.Accepted(job.Operations);
        return new(job, null);
    }

    static Outcome Fail(int status, string title, string detail, string? allowed = null) =>
        new(null, TypedResults.Problem(statusCode: status, title: title, detail: detail,
            extensions: allowed is null ? null : new Dictionary<string, object?> { ["allowed"] = allowed }));

    static int StatusFor(FailureKind kind) => kind switch
    {
        FailureKind.NotAnImage or FailureKind.UnsupportedFormat => StatusCodes.Status415UnsupportedMediaType,
        FailureKind.TooManyPixels or FailureKind.Corrupt => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };

    static string TitleFor(FailureKind kind) => kind switch
    {
        FailureKind.Empty => "Empty upload",
        FailureKind.NotAnImage => "Not an image",
        FailureKind.UnsupportedFormat => "Unsupported image format",
        FailureKind.TooManyPixels => "Image too large",
        FailureKind.Corrupt => "Corrupt image",
        _ => "Invalid upload",
    };
}
