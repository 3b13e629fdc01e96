using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Queues.Benchmarks.Growth;

/// <summary>
/// Fills a migrated jobs table with finished jobs, in the shape EF Core stores them (GUIDs and times as text,
/// operations as a JSON array), spread over the last 30 days: 97 % completed, 3 % failed. None is queued, so
/// the Api started on the table has nothing to send and the measured requests run beside an idle pipeline.
/// </summary>
static class JobsSeeder
{
    public static void Seed(string databasePath, int rows, int seed = 12345)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath}");
        connection.Open();
        // A bulk load, not a service: no journal, no fsync, and a page cache big enough for the random-key indexes
        // (the default 2 MB made a million rows take minutes).
        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-500000;";
            pragmas.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO jobs (Id, State, OriginalKey, OriginalFileName, OriginalContentType, OriginalSizeBytes, OriginalWidth, OriginalHeight,
                Operations, OutputFormat, Quality, Attempts, Deferrals, WorkerId, QueuedAt, StartedAt, FinishedAt, ProcessingMs,
                ResultKey, ResultContentType, ResultWidth, ResultHeight, ResultSizeBytes, FailureKind, FailureReason, PublishedAt, NotifiedAt)
            VALUES ($id, $state, $key, $name, 'image/jpeg', 700000, 2000, 1500, '["resize:800x600","grayscale"]', 'jpeg', 85, 1, 0,
                'worker-1', $queued, $started, $finished, 40.5, $result, $resultType, $rw, $rh, $rsize, $kind, $reason, $queued, $finished)
            """;
        string[] names = ["$id", "$state", "$key", "$name", "$queued", "$started", "$finished", "$result", "$resultType", "$rw", "$rh", "$rsize", "$kind", "$reason"];
        var p = names.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter(n, null)));
        insert.Prepare();

        var random = new Random(seed);
        var now = DateTime.UtcNow;
        for (var i = 0; i < rows; i++)
        {
            var id = Guid.NewGuid();
            var queued = now.AddSeconds(-random.NextDouble() * 30 * 86_400);
            var failed = random.Next(100) < 3;
            p["$id"].Value = id.ToString().ToUpperInvariant();
            p["$state"].Value = failed ? "Failed" : "Completed";
            p["$key"].Value = $"originals/{id:N}.jpg";
            p["$name"].Value = $"photo-{i}.jpg";
            p["$queued"].Value = Text(queued);
            p["$started"].Value = Text(queued.AddMilliseconds(20));
            p["$finished"].Value = Text(queued.AddMilliseconds(80));
            p["$result"].Value = failed ? DBNull.Value : $"results/{id:N}.jpg";
            p["$resultType"].Value = failed ? DBNull.Value : "image/jpeg";
            p["$rw"].Value = failed ? DBNull.Value : 800;
            p["$rh"].Value = failed ? DBNull.Value : 600;
            p["$rsize"].Value = failed ? DBNull.Value : 90_000;
            p["$kind"].Value = failed ? "Corrupt" : DBNull.Value;
            p["$reason"].Value = failed ? "The file is not a readable image: VipsJpeg: premature end of JPEG file" : DBNull.Value;
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE;";
        analyze.ExecuteNonQuery();
    }

    // How EF Core's SQLite provider writes a DateTime.
    static string Text(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
