using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Queues.Api.Jobs;
using Queues.Tests.Support;

namespace Queues.Tests.Api.Schema;

/// <summary>
/// Every statement the Api sends to SQLite over a job's whole life, and for the pages the dashboard reads, asked for its
/// query plan: none may read the whole jobs table. One that did (the end-of-job announcer finding its batch by owner
/// alone) made every upload wait 358 ms at 1M rows, and no functional test can see that on a small table.
/// </summary>
public sealed class QueryPlanTests
{
    static readonly Regex WholeTable = new(@"^SCAN (\w+)$");

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
        await Eventually.Until(async () => (await client.GetJobAsync(completed.Id)).Links.Preview is not null, "the preview recorded");
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
            // "MATERIALIZE j1" reads a subquery's few rows.
            var materialized = rows.Where(r => r.StartsWith("MATERIALIZE ", StringComparison.Ordinal)).Select(r => r["MATERIALIZE ".Length..]).ToHashSet();
            scans.AddRange(rows.Where(r => WholeTable.Match(r) is { Success: true } m && !materialized.Contains(m.Groups[1].Value))
                .Select(r => $"{r}: {sql}"));
        }
        scans.ShouldBeEmpty(string.Join("\n\n", scans));
    }

    /// <summary>EF Core's executed commands in this process (its diagnostic events), by database file: tests run in parallel.</summary>
    sealed class StatementRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        readonly ConcurrentDictionary<(string Source, string Sql), List<(string, object?)>> seen = new();
        readonly List<IDisposable> subscriptions = [];

        public StatementRecorder() => subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

        public IEnumerable<(string Sql, List<(string, object?)> Parameters)> On(string source) =>
            seen.Where(s => s.Key.Source == source).Select(s => (s.Key.Sql, s.Value));

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
                lock (subscriptions) subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (e.Key != RelationalEventId.CommandExecuted.Name || e.Value is not CommandExecutedEventData { Command: var command }) return;
            if (command.Connection is not SqliteConnection sqlite) return;
            seen.TryAdd((sqlite.DataSource, command.CommandText),
                command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToList());
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (subscriptions) subscriptions.ForEach(s => s.Dispose());
        }
    }
}
