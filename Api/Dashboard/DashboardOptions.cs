using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Queues.Api.Dashboard;

/// <summary>Section "Dashboard".</summary>
public sealed class DashboardOptions : IValidatableObject
{
    /// <summary>A worker with no heartbeat for this long shows offline: three missed beats at the default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan WorkerOfflineAfter { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>An offline worker leaves the panel after this long (a killed worker stays visible, greyed, until then).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00")]
    public TimeSpan WorkerForgetAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A comment line on the event stream this often, so proxies and browsers keep an idle stream open.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan EventsKeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the live charts (GET /live) take a sample: queue depth, completions, workers online, p95.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan LiveSampleInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How far back the live charts look; older samples are dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan LiveWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Where a job's trace opens (Jaeger, Tempo, Aspire's dashboard), with <c>{traceId}</c> where its id goes, e.g.
    /// "http://localhost:16686/trace/{traceId}". Unset: GET /jobs/{id}/timeline gives the trace id without a link.
    /// </summary>
    public string? TraceViewerUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TraceViewerUrl is { Length: > 0 } url && (!url.Contains("{traceId}", StringComparison.Ordinal)
            || !Uri.TryCreate(url.Replace("{traceId}", "0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            yield return new ValidationResult($"{nameof(TraceViewerUrl)} must be an absolute http(s) URL with {{traceId}} in it", [nameof(TraceViewerUrl)]);
        if (WorkerForgetAfter <= WorkerOfflineAfter)
            yield return new ValidationResult($"{nameof(WorkerForgetAfter)} must be longer than {nameof(WorkerOfflineAfter)}", [nameof(WorkerForgetAfter)]);
        if (LiveWindow <= LiveSampleInterval)
            yield return new ValidationResult($"{nameof(LiveWindow)} must be longer than {nameof(LiveSampleInterval)}", [nameof(LiveWindow)]);
    }
}

[OptionsValidator]
public sealed partial class DashboardOptionsValidator : IValidateOptions<DashboardOptions>;
