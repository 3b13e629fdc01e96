using System.Collections.Concurrent;
using System.Diagnostics;
using Queues.Api.Observability;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

public sealed class TracingTests : IAsyncLifetime, IDisposable
{
    // A fresh app per test: each test changes jobs, counts and what the harness has seen.
    readonly StandaloneApp app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    readonly ConcurrentQueue<Activity> stopped = new();
    readonly ActivityListener listener = new()
    {
        ShouldListenTo = s => s.Name is "MassTransit" or "Microsoft.AspNetCore" || s.Name.StartsWith("Queues."),
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    [Fact]
    public async Task One_trace_follows_a_job_from_the_upload_through_the_worker_to_the_notifier()
    {
        listener.ActivityStopped = stopped.Enqueue;
        ActivitySource.AddActivityListener(listener);
        var client = app.CreateClient();

        var job = await client.UploadAsync(TestImages.Jpeg(200, 150));
        await client.WaitForEndAsync(job.Id);

        // The outbox sends from a background loop; its span names the job and must carry the upload's trace.
        var dispatch = await WaitForAsync(a => a.Source.Name == JobTracing.SourceName && (string?)a.GetTagItem("queues.job_id") == job.Id.ToString(),
            "the outbox's dispatch span of the job");
        var trace = dispatch.TraceId;
        var notified = await WaitForAsync(a => a.TraceId == trace && ConsumerType(a).EndsWith("NotifyCompletionConsumer"), "the notifier's span in the trace");

        var inTrace = stopped.Where(a => a.TraceId == trace).ToList();
        var upload = inTrace.SingleOrDefault(a => a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server);
        // The trace begins at the upload: its only server span is the POST's (named "POST /jobs" once exported over OTLP).
        upload.ShouldNotBeNull(Describe(inTrace));
        upload.ParentId.ShouldBeNull("the upload starts the trace");
        inTrace.ShouldContain(a => ConsumerType(a).EndsWith("Processing.ProcessImageConsumer"), Describe(inTrace));
        inTrace.ShouldContain(a => ConsumerType(a).EndsWith("Api.Jobs.MarkJobCompletedConsumer"), Describe(inTrace));
        notified.TraceId.ShouldBe(upload.TraceId);
    }

    static string ConsumerType(Activity a) => a.GetTagItem("messaging.masstransit.consumer_type") as string ?? "";

    static string Describe(IEnumerable<Activity> activities) =>
        "spans in the trace: " + string.Join("; ", activities.Select(a => $"{a.Source.Name}/{a.DisplayName} {ConsumerType(a)}"));

    async Task<Activity> WaitForAsync(Func<Activity, bool> match, string awaited) =>
        (await Eventually.Until(() => Task.FromResult(stopped.FirstOrDefault(match)), found => found is not null,
            $"{awaited}; {Describe(stopped)}"))!;

    public void Dispose() => listener.Dispose();
}
