using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Queues.Api.Jobs;
using Queues.Tests.Support;
using Xunit.Abstractions;

namespace Queues.Tests.Api;

/// <summary>GET /jobs?q= over file name, operations and failure reason, with state and time filters.</summary>
public sealed class SearchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Finds_jobs_by_file_name_operations_and_failure_reason_in_any_case()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var beach = await UploadNamedAsync(client, TestImages.Jpeg(320, 240), "Holiday-Beach.jpg", "resize:100x100,sepia");
        var cat = await UploadNamedAsync(client, TestImages.Jpeg(320, 240), "cat.jpg", "blur:3");
        var broken = await UploadNamedAsync(client, TestImages.TruncatedJpeg(), "scan.jpg", "grayscale");
        foreach (var id in new[] { beach, cat, broken }) await client.WaitForEndAsync(id);

        (await SearchAsync(client, "q=beach")).ShouldBe([beach]);
        (await SearchAsync(client, "q=SEPIA")).ShouldBe([beach]);
        (await SearchAsync(client, "q=corrupt")).ShouldBe([broken]); // only in its failure reason
        (await SearchAsync(client, "q=.jpg&state=Failed")).ShouldBe([broken]);
        (await SearchAsync(client, "q=.jpg")).Count.ShouldBe(3);
        var queuedAt = (await client.GetJobAsync(cat)).QueuedAt;
        (await SearchAsync(client, $"q=.jpg&from={queuedAt:O}&to={queuedAt.AddTicks(1):O}")).ShouldBe([cat]);
        (await SearchAsync(client, "q=nowhere")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("state=Sleeping", "state must be one of Queued, Processing, Completed, Failed, Cancelled.")]
    [InlineData("from=yesterday", "from is an ISO 8601 time, e.g. 2026-12-01T10:00:00Z.")]
    [InlineData("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to must be later than from.")]
    public async Task Bad_filters_answer_400_saying_what_is_allowed(string query, string detail)
    {
        await using var app = new StandaloneApp();
        using var response = await app.CreateClient().GetAsync($"/jobs?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail.ShouldBe(detail);
    }

    /// <summary>
    /// 100,000 seeded rows, five requests per query: each query's total is right at that size, and its timings are
    /// printed (BENCHMARKS.md's search figures come from this output; a bound on them belongs to a benchmark, not here).
    /// </summary>
    [Fact]
    public async Task Search_at_100000_jobs_finds_its_matches_and_prints_its_timings()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var template = await UploadNamedAsync(client, TestImages.Jpeg(64, 48), "template.jpg", "grayscale");
        await client.WaitForEndAsync(template);
        await SeedAsync(app, 100_000);

        foreach (var (query, expected) in new[] { ("q=photo-4242.", 1), ("q=needle", 3), ("q=grayscale&state=Completed", 99_998), ("q=photo-12", -1) })
        {
            var times = new List<double>();
            JobPage page = null!;
            for (var i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                page = (await client.GetFromJsonAsync<JobPage>($"/jobs?{query}", StandaloneApp.Json))!;
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            if (expected >= 0) page.Total.ShouldBe(expected, query);
            var median = times.Order().ElementAt(2);
            output.WriteLine($"{query}: {page.Total} matches, best {times.Min():0.0} ms, median {median:0.0} ms (of {string.Join(", ", times.Select(t => t.ToString("0")))})");
        }
    }

    /// <summary>Copies the one real row <paramref name="count"/> times in one INSERT … SELECT, varying id, name and time; three rows fail with a "needle".</summary>
    static async Task SeedAsync(StandaloneApp app, int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.JobsOfEveryTenant();
        var columns = await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM pragma_table_info('jobs')").ToListAsync();
        string Value(string column) => column switch
        {
            "Id" => "printf('%08X-0000-4000-8000-%012X', n.i, n.i)", // as EF Core writes a Guid
            "OriginalFileName" => "'photo-' || n.i || '.jpg'",
            "QueuedAt" => "datetime(t.QueuedAt, '-' || n.i || ' seconds')",
            "State" => "CASE WHEN n.i % 33333 = 0 THEN 'Failed' ELSE t.State END",
            "FailureReason" => "CASE WHEN n.i % 33333 = 0 THEN 'found the Needle' ELSE NULL END",
            "SearchText" => "'photo-' || n.i || '.jpg grayscale' || CASE WHEN n.i % 33333 = 0 THEN ' | found the needle' ELSE '' END",
            _ => "t.\"" + column + "\"",
        };
        var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
        var values = string.Join(", ", columns.Select(Value));
        // Column names from the catalog and a number: nothing here comes from outside the test.
        var seed = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO jobs ({list}) SELECT {values} FROM n, (SELECT * FROM jobs LIMIT 1) t
            """;
        await db.Database.ExecuteSqlRawAsync(seed);
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        (await db.Jobs.CountAsync()).ShouldBe(count + 1);
    }

    static async Task<Guid> UploadNamedAsync(HttpClient client, byte[] file, string name, string operations)
    {
        using var response = await client.PostAsync("/jobs", JobsClient.Form(file, name, operations));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JobView>(StandaloneApp.Json))!.Id;
    }

    static async Task<List<Guid>> SearchAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/jobs?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var page = (await response.Content.ReadFromJsonAsync<JobPage>(StandaloneApp.Json))!;
        page.Total.ShouldBe(page.Items.Count);
        return page.Items.Select(j => j.Id).ToList();
    }
}
