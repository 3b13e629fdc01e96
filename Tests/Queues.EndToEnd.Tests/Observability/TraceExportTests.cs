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

        // The notifier's consume span, of this job's trace, arrives last: each service exports in its own batches.
        ReceivedSpan? dispatch = null, notified = null;
        await Eventually.Until(() =>
        {
            dispatch = observed.Otlp.Spans.FirstOrDefault(s => s.Name == "outbox dispatch" && s.Attribute("queues.job_id") == id.ToString());
            notified = dispatch is null ? null : observed.Otlp.Spans.FirstOrDefault(s =>
                s.TraceId == dispatch.TraceId && s.Service == "Queues.Notifier" && s.Attribute("messaging.masstransit.consumer_type").EndsWith("NotifyCompletionConsumer"));
            return notified is not null;
        }, $"a notifier span in the trace of job {id}'s outbox dispatch; received: {Describe(observed.Otlp.Spans)}", TimeSpan.FromSeconds(30));

        // Two branches of one trace, each walked from its end up to the upload: the outbox sends the job to a worker,
        // and (once the job's row says Completed) announces it to the notifier.
        var trace = observed.Otlp.Spans.Where(s => s.TraceId == dispatch!.TraceId).ToList();
        var byId = trace.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        List<ReceivedSpan> PathUp(ReceivedSpan from)
        {
            var path = new List<ReceivedSpan>();
            for (var span = from; span is not null; span = byId.GetValueOrDefault(span.ParentSpanId)) path.Add(span);
            path.Reverse();
            return path;
        }
        void RootsAtTheUpload(List<ReceivedSpan> path)
        {
            var root = path[0];
            root.ParentSpanId.ShouldBe("", $"the path reaches a parent that was never exported: {Describe(path)}");
            (root.Service, root.Attribute("http.request.method"), root.Attribute("http.route").TrimEnd('/')).ShouldBe(("Queues.Api", "POST", "/jobs"), Describe(path));
        }

        var worked = trace.FirstOrDefault(s => s.Service == "Queues.Worker" && s.Attribute("messaging.masstransit.consumer_type").EndsWith("ProcessImageConsumer"));
        worked.ShouldNotBeNull($"no worker span in the trace: {Describe(trace)}");
        var toWorker = PathUp(worked);
        RootsAtTheUpload(toWorker);
        toWorker.ShouldContain(s => s.SpanId == dispatch!.SpanId, Describe(toWorker));

        var toNotifier = PathUp(notified!);
        RootsAtTheUpload(toNotifier);
        toNotifier.Select(s => s.Service).Distinct().ShouldBe(["Queues.Api", "Queues.Notifier"], Describe(toNotifier));
        toNotifier.ShouldContain(s => s.Service == "Queues.Api" && s.Name == "outbox announce", Describe(toNotifier));
    }

    static string Describe(IEnumerable<ReceivedSpan> spans) => string.Join("; ", spans.Select(s => s.ToString()));
}
