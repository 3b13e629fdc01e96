using Queues.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Queues.Api.Access;
using Queues.Api.Observability;
using Queues.ServiceDefaults.Storage;
using Queues.Imaging;

namespace Queues.Api.Jobs;

/// <summary>
/// Accepting an upload (<see cref="Upload"/>, read from a form by <see cref="UploadFormReader"/> or made by POST /jobs/batch):
/// check the image from its header and the plan against its size, store the original under a generated key, write the
/// job row as the tenant's, and wake the outbox.
/// </summary>
public sealed class JobIntake(
    IObjectStore store,
    JobTransitions transitions,
    ApiMetrics metrics,
    IOptions<ImagingOptions> imaging,
    TimeProvider clock,
    JobQuota quota,
    ILogger<JobIntake> logger)
{
    public sealed record Outcome(ImageJob? Job, ProblemHttpResult? Problem);

    public async Task<Outcome> AcceptAsync(Upload upload, string tenant, CancellationToken cancellationToken)
    {
        if (await quota.CheckAsync(cancellationToken) is { } overQuota) return new(null, overQuota);
        var (content, fileName, plan, renditions, schedule, callbackUrl, preview, _) = upload;
        if (Inspect(upload, out var info) is { } refused) return new(null, refused);

        var job = new ImageJob
        {
            Id = Guid.CreateVersion7(),
            State = JobState.Queued,
            Tenant = tenant,
            BatchId = upload.BatchId,
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
            Priority = schedule.Priority,
            NotBefore = schedule.NotBefore,
            TraceParent = JobTracing.CurrentTraceParent(),
            CallbackUrl = callbackUrl,
            Renditions = JobRenditions.Write(renditions.Select(r =>
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

        if (!await transitions.AcceptAsync(job, cancellationToken))
        {
            // The batch ended between the endpoint's look and this insert: nothing was queued, so nothing stays stored.
            foreach (var key in JobControl.StoredKeys(job)) await store.DeleteAsync(key, CancellationToken.None);
            return new(null, BatchProblems.Ended(upload.BatchId!.Value));
        }
        metrics.Accepted(job.Operations);
        return new(job, null);
    }

    /// <summary>
    /// The image, checked from its header, and each plan against its size: the problem that refuses it, or null. POST
    /// /batches checks every file with this before it stores any.
    /// </summary>
    public ProblemHttpResult? Inspect(Upload upload, out ImageInfo info)
    {
        try
        {
            info = ImageInspector.Inspect(upload.Content, imaging.Value.MaxPixels);
        }
        catch (ImageRejectedException e)
        {
            info = default!;
            return Fail(StatusFor(e.Kind), TitleFor(e.Kind), e.Message).Problem;
        }
        var (uprightWidth, uprightHeight) = info.Upright;
        foreach (var (name, checkedPlan) in upload.Renditions.Count > 0 ? upload.Renditions.Select(r => (r.Name + ": ", r.Plan)) : [("", upload.Plan)])
            if (PlanGeometry.Check(checkedPlan, uprightWidth, uprightHeight) is { } outside)
                return Fail(StatusCodes.Status400BadRequest, "Crop outside the image", name + outside, OperationParser.Allowed).Problem;
        return null;
    }

    static Outcome Fail(int status, string title, string detail, string? allowed = null) =>
        new(null, IntakeProblems.Problem(status, title, detail, allowed));

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
