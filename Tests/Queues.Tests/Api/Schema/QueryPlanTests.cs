using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Queues.Api.Jobs;
using Queues.Tests.Support;
using Xunit.Abstractions;

namespace Queues.Tests.Api.Schema;

/// <summary>
/// Every statement the Api sends to SQLite over a job's whole life, and for the pages the dashboard reads, asked for its
/// query plan: none may read the whole jobs table. One that did (the end-of-job announcer finding its batch by owner
/// alone) made every upload wait 358 ms at 1M rows, and no functional test can see that on a small table.
/// </summary>
public sealed class QueryPlanTests(ITestOutputHelper output)
{
    static readonly Regex WholeTable = new(@"^SCAN (\w+)$");
    /// <summary>The jobs table's aliases in a statement: a whole read of a small table (the tenants' settings) is not what this looks for.</summary>
    static readonly Regex JobsAlias = new("\"jobs\" AS \"(\\w+)\"");

    [Fact]
    public async Task No_statement_of_a_jobs_life_or_of_the_dashboard_reads_the_whole_jobs_table()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        using var statements = new StatementRecorder();

        var completed = await client.UploadAsync(TestImages.Jpeg(640, 480), "resize:320x320,grayscale");
        var failed = await client.UploadAsync(TestImages.TruncatedJpeg());
        (await client.WaitForEndAsync(completed.Id)).State.ShouldBe(JobState.Completed);
        (await client.WaitForEndAsync(failed.Id)).State.ShouldBe(JobState.Failed);
        string[] reads = ["/jobs", "/jobs?state=Failed", "/jobs?q=photo", $"/jobs/{completed.Id}", "/jobs/timeline?minutes=10",
            "/stats", "/dlq", "/dlq/stats", "/queues", "/workers"];
        foreach (var path in reads)
        {
            using var response = await client.GetAsync(path);
            response.IsSuccessStatusCode.ShouldBeTrue(path);
        }
        using var retried = await client.PostAsync($"/jobs/{failed.Id}/retry", null);
        retried.IsSuccessStatusCode.ShouldBeTrue(await retried.Content.ReadAsStringAsync());
        (await client.WaitForEndAsync(failed.Id)).State.ShouldBe(JobState.Failed);

        string source;
        await using (var scope = app.Services.CreateAsyncScope())
            source = new SqliteConnectionStringBuilder(scope.ServiceProvider.GetRequiredService<JobsDbContext>().Database.GetConnectionString()).DataSource;
        var recorded = statements.On(source).ToList();
        recorded.Count.ShouldBeGreaterThan(10, "the recorder saw the Api's statements");
        var scans = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={source}");
        await connection.OpenAsync();
        foreach (var (sql, parameters) in recorded)
        {
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var (name, value) in parameters) explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            await using var plan = await explain.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await plan.ReadAsync()) rows.Add(plan.GetString(3));
            // "SCAN j" reads a whole table (EF names the jobs table j, j0, …); "SCAN j USING [COVERING] INDEX" walks an
            // index in order, and stops at the page's LIMIT or reads only the narrow index; "SCAN j1" after
            // "MATERIALIZE j1" or "CO-ROUTINE j1" reads a subquery's rows (the outbox's tenants with jobs to send).
            string[] subquery = ["MATERIALIZE ", "CO-ROUTINE "];
            var materialized = rows.SelectMany(r => subquery.Where(s => r.StartsWith(s, StringComparison.Ordinal)).Select(s => r[s.Length..])).ToHashSet();
            var jobs = JobsAlias.Matches(sql).Select(m => m.Groups[1].Value).Append("jobs").ToHashSet();
            scans.AddRange(rows.Where(r => WholeTable.Match(r) is { Success: true } m && !materialized.Contains(m.Groups[1].Value)
                                           && jobs.Contains(m.Groups[1].Value))
                .Select(r => $"{r}: {sql}\nplan: {string.Join(" | ", rows)}"));
        }
        scans.ShouldBeEmpty(string.Join("\n\n", scans));
    }

    /// <summary>
    /// The writes of a job's life, one job at a time so that no batch is shared: the INSERT at upload, the outbox's lease
    /// and its "sent", the worker's start and its result, the announcer's lease and its "announced". With several jobs at
    /// once the outbox and the announcer write once per batch, so this is the most a job costs. The job's timeline events
    /// (job_events) are written apart, in batches by one writer, and are not among these.
    /// </summary>
    [Fact]
    public async Task A_job_alone_takes_seven_writes_that_change_its_row_from_upload_to_announcement()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var warm = await client.UploadAsync(TestImages.Jpeg(640, 480)); // the first job's start-up statements stay out
        await client.WaitForEndAsync(warm.Id);
        string source;
        await using (var scope = app.Services.CreateAsyncScope())
            source = new SqliteConnectionStringBuilder(scope.ServiceProvider.GetRequiredService<JobsDbContext>().Database.GetConnectionString()).DataSource;
        await Eventually.Until(async () => await NotAnnouncedAsync(source), left => left == 0, "the warm-up job announced");

        using var statements = new StatementRecorder();
        const int jobs = 5;
        for (var i = 0; i < jobs; i++)
        {
            var job = await client.UploadAsync(TestImages.Jpeg(640, 480), "resize:320x320");
            (await client.WaitForEndAsync(job.Id)).State.ShouldBe(JobState.Completed);
            await Eventually.Until(async () => await NotAnnouncedAsync(source), left => left == 0, "the job announced");
        }

        // The timeline's rows are another table's, written in batches off the job's path (TimelineWriter): counted apart.
        var all = statements.Writes(source);
        var writes = all.Where(w => !w.Sql.Contains("\"job_events\"", StringComparison.Ordinal)).ToList();
        output.WriteLine($"{all.Count - writes.Count} timeline writes (batches) for {jobs} jobs");
        output.WriteLine($"{writes.Count} writes for {jobs} jobs, {writes.Count(w => w.Changed)} of them changing a row:\n"
            + string.Join("\n", writes.GroupBy(w => w).Select(g => $"{g.Count()} × {(g.Key.Changed ? "" : "(no row) ")}{g.Key.Sql[..Math.Min(g.Key.Sql.Length, 160)]}")));
        writes.Count(w => w.Changed).ShouldBe(7 * jobs, string.Join("\n", writes));
        // The announcer also tries its lease at every wake of the outbox, an upload's included, finding nothing then.
        writes.Count(w => !w.Changed).ShouldBeLessThanOrEqualTo(2 * jobs, "empty lease attempts");
    }

    static async Task<long> NotAnnouncedAsync(string source)
    {
        await using var connection = new SqliteConnection($"Data Source={source}");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Jobs WHERE NotifiedAt IS NULL";
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>EF Core's executed commands in this process (its diagnostic events), by database file: tests run in parallel.</summary>
    sealed class StatementRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        readonly ConcurrentDictionary<(string Source, string Sql), List<(string, object?)>> seen = new();
        readonly List<IDisposable> subscriptions = [];
        readonly ConcurrentQueue<(string Source, string Sql, bool Changed)> writes = new();

        public StatementRecorder() => subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

        public IEnumerable<(string Sql, List<(string, object?)> Parameters)> On(string source) =>
            seen.Where(s => s.Key.Source == source).Select(s => (s.Key.Sql, s.Value));

        /// <summary>Each INSERT, UPDATE or DELETE executed on the database file, on one line, in order, and whether it changed a row.</summary>
        public List<(string Sql, bool Changed)> Writes(string source) => writes.Where(w => w.Source == source).Select(w => (w.Sql, w.Changed)).ToList();

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
                lock (subscriptions) subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (e.Key != RelationalEventId.CommandExecuted.Name || e.Value is not CommandExecutedEventData { Command: var command } executed) return;
            if (command.Connection is not SqliteConnection sqlite) return;
            seen.TryAdd((sqlite.DataSource, command.CommandText),
                command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToList());
            var statement = command.CommandText.TrimStart();
            if (statement.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || statement.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
                || statement.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase))
                writes.Enqueue((sqlite.DataSource, Regex.Replace(statement, @"\s+", " "), executed.Result is not 0));
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (subscriptions) subscriptions.ForEach(s => s.Dispose());
        }
    }
}
