using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Queues.Tests.Support;

namespace Queues.EndToEnd.Tests;

/// <summary>The job as GET /jobs/{id} shows it (only what these tests read).</summary>
public sealed record Job(Guid Id, string State, int Attempts, string? WorkerId, string? FailureReason, string OriginalKey = "", int Deferrals = 0,
    DateTime? QueuedAt = null, DateTime? FinishedAt = null, JobWebhook? Webhook = null, DateTime? StartedAt = null);

/// <summary>GET /jobs/{id}/timeline, as far as these tests read it.</summary>
public sealed record JobTimeline(Guid Id, string State, string? TraceId, List<JobTimelineEvent> Events)
{
    public List<JobTimelineEvent> OfKind(string kind) => Events.Where(e => e.Kind == kind).ToList();
}

public sealed record JobTimelineEvent(DateTime At, string Kind, string Source, System.Text.Json.JsonElement? Detail);

/// <summary>The job's webhook delivery as GET /jobs/{id} shows it.</summary>
public sealed record JobWebhook(string? CallbackUrl, int Attempts, string? LastStatus, DateTime? DeliveredAt);

public static class JobsClient
{
    /// <summary>A colourful JPEG of the given size (the shared test image).</summary>
    public static byte[] Jpeg(int width, int height) => TestImages.Jpeg(width, height);

    public static async Task<HttpResponseMessage> PostAsync(this HttpClient http, byte[] image, string? operations = null, string? callbackUrl = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", "e2e.jpg");
        if (operations is not null) form.Add(new StringContent(operations), "operations");
        if (callbackUrl is not null) form.Add(new StringContent(callbackUrl), "callbackUrl");
        return await http.PostAsync("jobs", form);
    }

    public static async Task<Guid> UploadAsync(this HttpClient http, byte[] image, string? operations = null, string? callbackUrl = null)
    {
        using var response = await http.PostAsync(image, operations, callbackUrl);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Job>())!.Id;
    }

    /// <summary>Uploads <paramref name="count"/> images, a few at a time.</summary>
    public static async Task<List<Guid>> UploadManyAsync(this HttpClient http, int count, byte[] image, string? operations = null)
    {
        var ids = new Guid[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => ids[i] = await http.UploadAsync(image, operations));
        return ids.ToList();
    }

    public static async Task<Job> GetJobAsync(this HttpClient http, Guid id) => (await http.GetFromJsonAsync<Job>($"jobs/{id}"))!;

    public static async Task<JobTimeline> GetTimelineAsync(this HttpClient http, Guid id) =>
        (await http.GetFromJsonAsync<JobTimeline>($"jobs/{id}/timeline"))!;

    /// <summary>Waits until every job is Completed or Failed; the jobs still moving at the deadline fail the test, by state.</summary>
    public static async Task<Dictionary<Guid, Job>> WaitForEndAsync(this HttpClient http, IReadOnlyCollection<Guid> ids, TimeSpan timeout)
    {
        var done = new Dictionary<Guid, Job>();
        await Eventually.Until(async () =>
        {
            var moving = new List<Job>();
            foreach (var id in ids.Where(id => !done.ContainsKey(id)))
            {
                var job = await http.GetJobAsync(id);
                if (job.State is "Completed" or "Failed") done[id] = job;
                else moving.Add(job);
            }
            return new StillMoving(moving, ids.Count);
        }, still => still.Jobs.Count == 0, $"{ids.Count} jobs to end Completed or Failed", timeout);
        return done;
    }

    sealed record StillMoving(List<Job> Jobs, int Of)
    {
        public override string ToString() =>
            $"{Jobs.Count} of {Of} not finished: " + string.Join(", ", Jobs.GroupBy(j => j.State).Select(g => $"{g.Count()} {g.Key}"));
    }
}
