using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Queues.Api.Uploads;
using Queues.Components.Notifications;
using Queues.Imaging;

namespace Queues.Api.Jobs;

/// <summary>What an upload asks for, read from its form and checked as far as the form goes: <see cref="JobIntake"/> does the rest.</summary>
/// <param name="Plan">The one output's plan, or the first rendition's.</param>
/// <param name="Renditions">Named outputs; empty for one output.</param>
/// <param name="Preview">Made already (a batch of one image makes it once); null leaves it to the first request for it.</param>
/// <param name="CallbackUrl">Checked already (<see cref="WebhookTargetGuard"/>).</param>
/// <param name="BatchId">The open batch the job joins (<see cref="ImageBatch"/>), looked up already; null for none.</param>
public sealed record Upload(byte[] Content, string? FileName, OperationPlan Plan, IReadOnlyList<NamedPlan> Renditions,
    JobSchedule Schedule, string? CallbackUrl = null, byte[]? Preview = null, Guid? BatchId = null);

/// <summary>
/// The multipart form of POST /jobs and POST /upload: the file within the upload limit, the operations or renditions,
/// the priority and time, a callback URL that is not internal. Answers the form's own mistakes as problems (400, 413),
/// before anything is read into memory or stored.
/// </summary>
public sealed class UploadFormReader(IOptions<UploadOptions> uploads, TimeProvider clock, WebhookTargetGuard webhookTargets)
{
    public sealed record Outcome(Upload? Upload, ProblemHttpResult? Problem);

    /// <param name="renditions">The repeated field 'rendition' (NAME=OPERATIONS), instead of operations and format.</param>
    /// <param name="callbackUrl">Where to POST the job's end, besides the global webhook; refused if internal.</param>
    public async Task<Outcome> ReadAsync(IFormFile? file, string? operations, string? format, CancellationToken cancellationToken,
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
        return new(new Upload(content, file.FileName, named.Count > 0 ? named[0].Plan : plan, named, schedule, callbackUrl), null);
    }

    static Outcome Fail(int status, string title, string detail, string? allowed = null) =>
        new(null, IntakeProblems.Problem(status, title, detail, allowed));
}
