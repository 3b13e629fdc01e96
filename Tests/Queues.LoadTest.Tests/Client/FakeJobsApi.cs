using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Web;

namespace Queues.LoadTest.Tests.Client;

/// <summary>
/// The parts of the API the completion watcher reads, in memory: job states, GET /jobs/{id}, GET /jobs?state=, and
/// GET /events streams the test writes to (one per connection; with none left, /events answers 404).
/// </summary>
public sealed class FakeJobsApi : HttpMessageHandler
{
    readonly ConcurrentQueue<Pipe> streams = new();
    int jobReads, pageReads;

    public ConcurrentDictionary<Guid, string> States { get; } = new();
    public int JobReads => jobReads;
    public int PageReads => pageReads;

    /// <summary>The next connection's event stream.</summary>
    public PipeWriter OfferStream()
    {
        var pipe = new Pipe();
        streams.Enqueue(pipe);
        return pipe.Writer;
    }

    public static ValueTask<FlushResult> SendAsync(PipeWriter stream, Guid job, string state) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes($"event: job\ndata: {{\"jobId\":\"{job}\",\"state\":\"{state}\"}}\n\n"));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (path == "/events")
        {
            if (!streams.TryDequeue(out var pipe)) return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            var content = new StreamContent(pipe.Reader.AsStream());
            content.Headers.ContentType = new("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
        if (path == "/jobs")
        {
            Interlocked.Increment(ref pageReads);
            var state = HttpUtility.ParseQueryString(request.RequestUri.Query)["state"];
            var items = States.Where(kv => kv.Value == state).Select(kv => Job(kv.Key, kv.Value)).ToList();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(new { items }) });
        }
        Interlocked.Increment(ref jobReads);
        var id = Guid.Parse(path["/jobs/".Length..]);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(Job(id, States.GetValueOrDefault(id, "Queued"))) });
    }

    static object Job(Guid id, string state) =>
        new { id, state, processingMs = state == "Completed" ? 12.5 : (double?)null, endToEndMs = state == "Completed" ? 40.0 : (double?)null };
}
