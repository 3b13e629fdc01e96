using Queues.LoadTest.Client;

namespace Queues.LoadTest.Results;

/// <summary>How a run was set up, for the result file.</summary>
public sealed record RunSetup(string Label, string Scenario, string Command, DateTime StartedAtUtc, string Url,
    string Images, string? Operations, int Planned);

/// <summary>Turns per-job records into the totals, percentiles and per-second timeline of a <see cref="RunResult"/>.</summary>
public static class RunSummary
{
    public static RunResult Build(RunSetup setup, IReadOnlyList<JobRecord> records, string completionSource,
        double maxLagMs, IReadOnlyDictionary<int, long>? queueDepthBySecond = null, WatchReads? watch = null)
    {
        var sent = records.Where(r => r.Sent).ToList();
        var accepted = sent.Where(r => r.Accepted).ToList();
        var completed = accepted.Where(r => r.Outcome == "Completed").ToList();
        var finished = accepted.Where(r => r.FinishedMs is not null).ToList();

        var firstSend = sent.Count > 0 ? sent.Min(r => r.SentMs) : 0;
        var lastFinish = finished.Count > 0 ? finished.Max(r => r.FinishedMs!.Value) : firstSend;
        var end = Math.Max(lastFinish, sent.Count > 0 ? sent.Max(r => r.SentMs + (r.UploadMs ?? 0)) : 0);
        var timeline = Timeline(sent, end, queueDepthBySecond);

        return new RunResult(setup.Label, setup.Scenario, setup.Command, setup.StartedAtUtc, setup.Url, setup.Images,
            setup.Operations, completionSource, Math.Round(end / 1000, 2),
            new RequestCounts(setup.Planned, sent.Count, accepted.Count, sent.Count - accepted.Count,
                sent.GroupBy(r => r.Status == 0 ? "no answer" : r.Status.ToString())
                    .OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count())),
            new JobCounts(completed.Count, accepted.Count(r => r.Outcome == "Failed"), accepted.Count(r => r.Outcome == "Lost")),
            LatencyStats.From(sent.Where(r => r.UploadMs is not null).Select(r => r.UploadMs!.Value)),
            LatencyStats.From(completed.Select(r => r.EndToEndMs!.Value)),
            LatencyStats.From(completed.Where(r => r.ServerEndToEndMs is not null).Select(r => r.ServerEndToEndMs!.Value)),
            LatencyStats.From(completed.Where(r => r.ProcessingMs is not null).Select(r => r.ProcessingMs!.Value)),
            lastFinish > firstSend ? Math.Round(completed.Count / ((lastFinish - firstSend) / 1000), 2) : 0,
            timeline.Count > 0 ? timeline.Max(s => s.Outstanding) : 0,
            queueDepthBySecond is { Count: > 0 } ? queueDepthBySecond.Values.Max() : null,
            Math.Round(maxLagMs, 1),
            timeline,
            watch);
    }

    static List<SecondSample> Timeline(List<JobRecord> sent, double endMs, IReadOnlyDictionary<int, long>? depth)
    {
        var seconds = (int)Math.Ceiling(endMs / 1000);
        var samples = new List<SecondSample>(seconds);
        for (var s = 0; s < seconds; s++)
        {
            double from = s * 1000, to = from + 1000;
            var sentHere = sent.Where(r => r.SentMs >= from && r.SentMs < to).ToList();
            var doneHere = sent.Where(r => r.FinishedMs >= from && r.FinishedMs < to).ToList();
            var e2e = LatencyStats.From(doneHere.Where(r => r.Outcome == "Completed").Select(r => r.EndToEndMs!.Value));
            samples.Add(new SecondSample(s, sentHere.Count, sentHere.Count(r => r.Accepted),
                doneHere.Count(r => r.Outcome == "Completed"), doneHere.Count(r => r.Outcome == "Failed"),
                sent.Count(r => r.Accepted && r.SentMs < to && !(r.FinishedMs < to)),
                depth is not null && depth.TryGetValue(s, out var d) ? d : null,
                LatencyStats.From(sentHere.Where(r => r.UploadMs is not null).Select(r => r.UploadMs!.Value)).P99,
                e2e.P50, e2e.P99));
        }
        return samples;
    }
}
