using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Queues.Api.Jobs;

/// <summary>
/// Which jobs a list, a search or a bulk action covers: <c>state</c>, <c>q</c> (a substring of the file name, the
/// operations or the failure reason, any case), <c>from</c>/<c>to</c> (queued at, ISO 8601, <c>to</c> exclusive), and
/// <c>tenant</c> (an operator's narrowing: a submitter's query filter keeps to its own tenant anyway).
/// </summary>
/// <param name="BatchId">The jobs of one batch (<c>GET /jobs?batchId=</c>).</param>
public sealed record JobFilter(JobState? State, string? Text, DateTime? From, DateTime? To, string? Tenant = null, Guid? BatchId = null)
{
    public const int MaxTextLength = 200;

    public static bool TryParse(string? state, string? q, string? from, string? to, out JobFilter filter, out ProblemHttpResult? problem,
        string? tenant = null)
    {
        filter = new JobFilter(null, null, null, null);
        problem = null;
        JobState? wanted = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<JobState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(state, out _))
                return Bad(out problem, "Invalid state", $"state must be one of {string.Join(", ", Enum.GetNames<JobState>())}.");
            wanted = parsed;
        }
        var text = string.IsNullOrWhiteSpace(q) ? null : q.Trim().ToLowerInvariant();
        if (text is { Length: > MaxTextLength })
            return Bad(out problem, "Invalid search", $"q is at most {MaxTextLength} characters.");
        if (!TryTime(from, "from", out var since, out problem) || !TryTime(to, "to", out var until, out problem)) return false;
        if (since is not null && until is not null && until <= since)
            return Bad(out problem, "Invalid time range", "to must be later than from.");
        var narrowed = string.IsNullOrWhiteSpace(tenant) ? null : tenant.Trim();
        if (narrowed is { Length: > 64 })
            return Bad(out problem, "Invalid tenant", "tenant is at most 64 characters.");
        filter = new JobFilter(wanted, text, since, until, narrowed);
        return true;
    }

    public IQueryable<ImageJob> Apply(IQueryable<ImageJob> jobs)
    {
        if (State is { } state) jobs = jobs.Where(j => j.State == state);
        if (Tenant is { } tenant) jobs = jobs.Where(j => j.Tenant == tenant);
        if (BatchId is { } batchId) jobs = jobs.Where(j => j.BatchId == batchId);
        if (From is { } from) jobs = jobs.Where(j => j.QueuedAt >= from);
        if (To is { } to) jobs = jobs.Where(j => j.QueuedAt < to);
        if (Text is { } text)
            jobs = jobs.Where(j => j.SearchText.Contains(text));
        return jobs;
    }

    static bool TryTime(string? value, string name, out DateTime? time, out ProblemHttpResult? problem)
    {
        time = null;
        problem = null;
        if (string.IsNullOrEmpty(value)) return true;
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return Bad(out problem, $"Invalid {name}", $"{name} is an ISO 8601 time, e.g. 2026-12-01T10:00:00Z.");
        time = parsed.UtcDateTime;
        return true;
    }

    static bool Bad(out ProblemHttpResult? problem, string title, string detail)
    {
        problem = TypedResults.Problem(statusCode: 400, title: title, detail: detail);
        return false;
    }
}
