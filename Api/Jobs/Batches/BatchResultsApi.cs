using System.IO.Compression;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Queues.ServiceDefaults.Storage;

namespace Queues.Api.Jobs;

/// <summary>
/// GET /batches/{id}/results.zip: every completed job's result, and each of its renditions, written into a ZIP straight
/// to the response, one object at a time: the Api holds one object and one page of rows, never the batch. Images are
/// compressed already, so entries are stored, not deflated. Names come from the uploaded file names, made unique.
/// </summary>
public static class BatchResultsApi
{
    const int RowsAPage = 100;

    public static RouteGroupBuilder MapBatchResults(this RouteGroupBuilder batches)
    {
        batches.MapGet("/{id:guid}/results.zip", Download)
            .WithSummary("The batch's results (and renditions) as one ZIP, streamed; 409 while none of its jobs has completed")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return batches;
    }

    static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Download(Guid id, HttpContext http, JobsDbContext db, IObjectStore store,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!await db.Batches.AnyAsync(b => b.Id == id, cancellationToken)) return BatchProblems.NotFound(id);
        var completed = db.Jobs.AsNoTracking().Where(j => j.BatchId == id && j.State == JobState.Completed && j.ResultKey != null);
        if (!await completed.AnyAsync(cancellationToken))
            return TypedResults.Problem(statusCode: 409, title: "No results yet", detail: $"No job of batch {id} has completed yet.");

        http.Response.ContentType = "application/zip";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"batch-{id}.zip\"";
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var body = new ResponseWriteStream(http.Response.Body);
        await using (var zip = await ZipArchive.CreateAsync(body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            // The ids first (16 bytes a job), then the rows a page at a time.
            var ids = await completed.OrderBy(j => j.QueuedAt).Select(j => j.Id).ToListAsync(cancellationToken);
            foreach (var chunk in ids.Chunk(RowsAPage))
            {
                var rows = await completed.Where(j => chunk.Contains(j.Id)).ToDictionaryAsync(j => j.Id, cancellationToken);
                foreach (var job in chunk.Where(rows.ContainsKey).Select(jobId => rows[jobId]))
                    foreach (var (key, name) in Entries(job, names))
                    {
                        await WriteAsync(zip, store, key, name, loggers, cancellationToken);
                        await body.DrainAsync(cancellationToken);
                    }
            }
        }
        await body.DrainAsync(cancellationToken);
        return TypedResults.Empty;
    }

    /// <summary>The job's objects and their names in the ZIP: "photo.webp", "photo.thumb.webp", "photo-2.webp" for a second photo.</summary>
    static IEnumerable<(string Key, string Name)> Entries(ImageJob job, HashSet<string> names)
    {
        var stem = Path.GetFileNameWithoutExtension(job.OriginalFileName) is { Length: > 0 } given ? Safe(given) : job.Id.ToString("N");
        if (job.Renditions is null)
        {
            yield return (job.ResultKey!, Unique(names, stem, Path.GetExtension(job.ResultKey!)));
            yield break;
        }
        foreach (var rendition in JobRenditions.Read(job.Renditions))
            if (rendition.Result?.ResultKey is { } key)
                yield return (key, Unique(names, $"{stem}.{rendition.Name}", Path.GetExtension(key)));
    }

    static string Unique(HashSet<string> names, string stem, string extension)
    {
        var name = stem + extension;
        for (var n = 2; !names.Add(name); n++) name = $"{stem}-{n}{extension}";
        return name;
    }

    static string Safe(string stem) => new(stem.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

    static async Task WriteAsync(ZipArchive zip, IObjectStore store, string key, string name, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // A store that fails now fails the download: the response has begun, so the client sees a cut-off ZIP, not a wrong one.
        if (await store.GetAsync(key, cancellationToken) is not { } bytes)
        {
            loggers.CreateLogger(typeof(BatchResultsApi)).LogWarning("Batch ZIP: {Key} is not in storage; left out", key);
            return;
        }
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        await using var content = await entry.OpenAsync(cancellationToken);
        await content.WriteAsync(bytes, cancellationToken);
    }
}
