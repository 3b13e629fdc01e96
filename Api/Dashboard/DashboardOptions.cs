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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WorkerForgetAfter <= WorkerOfflineAfter)
            yield return new ValidationResult($"{nameof(WorkerForgetAfter)} must be longer than {nameof(WorkerOfflineAfter)}", [nameof(WorkerForgetAfter)]);
    }
}

[OptionsValidator]
public sealed partial class DashboardOptionsValidator : IValidateOptions<DashboardOptions>;
