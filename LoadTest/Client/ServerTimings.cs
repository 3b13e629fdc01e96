using Queues.LoadTest.Results;

namespace Queues.LoadTest.Client;

/// <summary>
/// The server's own numbers (queued→finished, processing) for jobs an event announced: the event carries none.
/// Read after the run from pages of the newest Completed jobs (500 a request), so a 200-job run costs one request,
/// not one per job and none while it is measuring; a job the pages do not reach is read alone.
/// </summary>
public static class ServerTimings
{
    const int PageSize = 500;

    /// <returns>The requests it made.</returns>
    public static async Task<int> ReadAsync(QueuesClient client, IReadOnlyList<JobRecord> records, CancellationToken cancellationToken)
    {
        var missing = records.Where(r => r.JobId is not null).ToDictionary(r => r.JobId!.Value);
        var requests = 0;
        try
        {
            // Newest first: a run's jobs are on the first pages unless other clients queued many more meanwhile.
            for (var page = 1; page <= missing.Count / PageSize + 2 && missing.Count > 0; page++)
            {
                requests++;
                var items = await client.ListAsync("Completed", PageSize, page, cancellationToken);
                foreach (var job in items)
                    if (missing.Remove(job.Id, out var record)) Copy(job, record);
                if (items.Count < PageSize) break;
            }
            foreach (var (id, record) in missing)
            {
                requests++;
                if (await client.GetAsync(id, cancellationToken) is { } job) Copy(job, record);
            }
        }
        catch (HttpRequestException) { } // timings are a bonus: the client's own latencies stand without them
        return requests;
    }

    public static void Copy(JobStatus job, JobRecord record)
    {
        record.ServerEndToEndMs = job.EndToEndMs;
        record.ProcessingMs = job.ProcessingMs;
    }
}
