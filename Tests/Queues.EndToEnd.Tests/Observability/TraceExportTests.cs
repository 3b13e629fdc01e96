using Queues.Tests.Support;

namespace Queues.EndToEnd.Tests.Observability;

/// <summary>What the services export over OTLP, as a collector or the Aspire dashboard receives it.</summary>
[Collection(ObservedCollection.Name)]
public sealed class TraceExportTests(ObservedSystem observed)
{
    [Fact]
    public async Task One_trace_runs_from_the_upload_through_the_outbox_and_the_worker_to_the_notifier_across_three_processes()
    {
        var system = observed.System;
        var id = await system.Http.UploadAsync(JobsClient.Jpeg(640, 480));
        (await system.Http.WaitForEndAsync([id], TimeSpan.FromSeconds(60)))[id].State.ShouldBe("Completed");

        // Each service exports in its own batches, so spans arrive in any order: wait until both branches of this job's
        // trace are whole, the outbox sending the job to a worker, and (once the row says Completed) announcing it to
        // the notifier, each walked from its end up to a root.
        ReceivedSpan? dispatch = null, notified = null, worked = null;
        Dictionary<string, ReceivedSpan> byId = [];
        List<ReceivedSpan> PathUp(ReceivedSpan from)
        {
            var path = new List<ReceivedSpan>();
            for (var span = from; span is not null; span = byId.GetValueOrDefault(span.ParentSpanId)) path.Add(span);
            path.Reverse();
            return path;
        }
        await Eventually.Until(() =>
        {
            dispatch = observed.Otlp.Spans.FirstOrDefault(s => s.Name == "outbox dispatch" && s.Attribute("queues.job_id") == id.ToString());
            if (dispatch is null) return false;
            var trace = observed.Otlp.Spans.Where(s => s.TraceId == dispatch.TraceId).ToList();
            byId = trace.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
            notified = trace.FirstOrDefault(s => s.Service == "Queues.Notifier" && s.Attribute("messaging.masstransit.consumer_type").EndsWith("NotifyCompletionConsumer"));
            worked = trace.FirstOrDefault(s => s.Service == "Queues.Worker" && s.Attribute("messaging.masstransit.consumer_type").EndsWith("ProcessImageConsumer"));
            return notified is not null && worked is not null && PathUp(notified)[0].ParentSpanId == "" && PathUp(worked)[0].ParentSpanId == "";
        }, $"both branches of job {id}'s trace to arrive whole", TimeSpan.FromSeconds(30));

        void RootsAtTheUpload(List<ReceivedSpan> path)
        {
            var root = path[0];
            root.ParentSpanId.ShouldBe("", $"the path reaches a parent that was never exported: {Describe(path)}");
            (root.Service, root.Attribute("http.request.method"), root.Attribute("http.route").TrimEnd('/')).ShouldBe(("Queues.Api", "POST", "/jobs"), Describe(path));
        }

        var toWorker = PathUp(worked!);
        RootsAtTheUpload(toWorker);
        toWorker.ShouldContain(s => s.SpanId == dispatch!.SpanId, Describe(toWorker));

        var toNotifier = PathUp(notified!);
        RootsAtTheUpload(toNotifier);
        toNotifier.Select(s => s.Service).Distinct().ShouldBe(["Queues.Api", "Queues.Notifier"], Describe(toNotifier));
        toNotifier.ShouldContain(s => s.Service == "Queues.Api" && s.Name == "outbox announce", Describe(toNotifier));

        // Three object-store requests per job: the upload's PUT of the original, the worker's GET of it and its PUT of
        // the result; no bucket checks. (The preview is made on its first request, which this job never gets.)
        var storage = byId.Values.Where(s => s.Attribute("http.request.method") != "" && s.Attribute("url.full").Contains("/originals/")
                || s.Attribute("url.full").Contains("/results/") || s.Attribute("http.request.method") == "HEAD")
            .Select(s => $"{s.Service} {s.Attribute("http.request.method")}").Order().ToList();
        storage.ShouldBe(["Queues.Api PUT", "Queues.Worker GET", "Queues.Worker PUT"], string.Join("; ", byId.Values.Select(s => $"{s.Service} {s.Name} {s.Attribute("url.full")}")));
    }

    static string Describe(IEnumerable<ReceivedSpan> spans) => string.Join("; ", spans.Select(s => s.ToString()));
}
