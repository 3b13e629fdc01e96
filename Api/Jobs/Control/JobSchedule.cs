using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Queues.Api.Jobs;

/// <summary>
/// When and in which order the outbox sends a job: the upload's <c>priority</c> (high|normal|low) and <c>notBefore</c>
/// (ISO 8601; UTC when it names no offset). A due time up to <see cref="ClockSkew"/> in the past counts as now, so a
/// client whose clock runs a little behind is not refused; further back, or more than <see cref="MaxAhead"/> ahead, is a 400.
/// </summary>
public sealed record JobSchedule(JobPriority Priority, DateTime? NotBefore)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(30);
    public static readonly JobSchedule Now = new(JobPriority.Normal, null);

    public static bool TryParse(string? priority, string? notBefore, DateTime now, out JobSchedule schedule, out ProblemHttpResult? problem)
    {
        schedule = Now;
        problem = null;
        var level = JobPriority.Normal;
        if (!string.IsNullOrWhiteSpace(priority)
            && (!Enum.TryParse(priority.Trim(), ignoreCase: true, out level) || !Enum.IsDefined(level) || int.TryParse(priority, out _)))
            return Bad(out problem, "Invalid priority", "priority is high, normal (the default) or low.");

        DateTime? due = null;
        if (!string.IsNullOrWhiteSpace(notBefore))
        {
            if (!DateTimeOffset.TryParse(notBefore.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return Bad(out problem, "Invalid notBefore", "notBefore is an ISO 8601 time, e.g. 2026-12-01T10:00:00Z.");
            var at = parsed.UtcDateTime;
            if (at < now - ClockSkew)
                return Bad(out problem, "Invalid notBefore", $"notBefore is in the past ({at:O}); it may be at most {ClockSkew.TotalSeconds:0} s behind now ({now:O}).");
            if (at > now + MaxAhead)
                return Bad(out problem, "Invalid notBefore", $"notBefore is at most {MaxAhead.TotalDays:0} days ahead (until {now + MaxAhead:O}).");
            due = at > now ? at : null;
        }
        schedule = new JobSchedule(level, due);
        return true;
    }

    static bool Bad(out ProblemHttpResult? problem, string title, string detail)
    {
        problem = TypedResults.Problem(statusCode: 400, title: title, detail: detail);
        return false;
    }
}
