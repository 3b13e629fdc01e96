using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Queues.Api.Jobs;
using Queues.Tests.Support;

namespace Queues.Tests.Api;

/// <summary>POST /jobs/bulk/{action}: the first call counts, the second acts only when confirmed with that count.</summary>
public sealed class BulkTests
{
    [Fact]
    public async Task Acts_only_when_confirmed_with_the_count_the_filter_still_matches()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        var broken = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            using var form = JobsClient.Form(TestImages.TruncatedJpeg(), $"scan-{i}.jpg");
            using var response = await client.PostAsync("/jobs", form);
            broken.Add((await response.Content.ReadFromJsonAsync<JobView>(StandaloneApp.Json))!.Id);
        }
        var fine = await client.UploadAsync(TestImages.Jpeg(320, 240));
        foreach (var id in broken.Append(fine.Id)) await client.WaitForEndAsync(id);

        var preview = await BulkAsync(client, "retry?q=scan-", HttpStatusCode.OK);
        preview.GetProperty("matched").GetInt32().ShouldBe(2);
        preview.GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        (await client.GetJobAsync(broken[0])).State.ShouldBe(JobState.Failed);

        var stale = await BulkAsync(client, "retry?q=scan-&confirm=3", HttpStatusCode.Conflict);
        stale.GetProperty("matched").GetInt32().ShouldBe(2);

        var done = await BulkAsync(client, "retry?q=scan-&confirm=2", HttpStatusCode.OK);
        done.GetProperty("acted").GetInt32().ShouldBe(2);
        foreach (var id in broken) (await client.WaitForEndAsync(id)).Attempts.ShouldBe(2); // ran again, failed again

        (await BulkAsync(client, "delete?q=scan-", HttpStatusCode.OK)).GetProperty("matched").GetInt32().ShouldBe(2);
        (await BulkAsync(client, "delete?q=scan-&confirm=2", HttpStatusCode.OK)).GetProperty("acted").GetInt32().ShouldBe(2);
        foreach (var id in broken)
        {
            using var gone = await client.GetAsync($"/jobs/{id}");
            gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        (await client.GetJobAsync(fine.Id)).State.ShouldBe(JobState.Completed);
        (await BulkAsync(client, "cancel", HttpStatusCode.OK)).GetProperty("matched").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task An_operators_tenant_filter_narrows_the_count_and_the_action_as_it_narrows_the_list()
    {
        await using var app = new KeyedApp();
        var operatorClient = app.ClientWith(KeyedApp.OperatorKey);
        foreach (var key in new[] { KeyedApp.TenantAKey, KeyedApp.TenantBKey })
        {
            var client = app.ClientWith(key);
            using var form = JobsClient.Form(TestImages.TruncatedJpeg(), "tenanted.jpg");
            using var response = await client.PostAsync("/jobs", form);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            (await client.WaitForEndAsync((await response.Content.ReadFromJsonAsync<JobView>(StandaloneApp.Json))!.Id)).State.ShouldBe(JobState.Failed);
        }
        const string a = "tenant-a";

        (await BulkAsync(operatorClient, "delete?q=tenanted", HttpStatusCode.OK)).GetProperty("matched").GetInt32().ShouldBe(2);
        (await BulkAsync(operatorClient, $"delete?q=tenanted&tenant={a}", HttpStatusCode.OK)).GetProperty("matched").GetInt32().ShouldBe(1);
        (await BulkAsync(operatorClient, $"delete?q=tenanted&tenant={a}&confirm=1", HttpStatusCode.OK)).GetProperty("acted").GetInt32().ShouldBe(1);
        var left = (await operatorClient.GetFromJsonAsync<JobPage>("/jobs?q=tenanted", StandaloneApp.Json))!.Items;
        left.Single().Tenant.ShouldBe("tenant-b", "the other tenant's job is kept");
    }

    [Fact]
    public async Task An_unknown_action_answers_400()
    {
        await using var app = new StandaloneApp();
        var problem = await BulkAsync(app.CreateClient(), "explode", HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().ShouldBe("action is one of retry, cancel, delete.");
    }

    static async Task<JsonElement> BulkAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        using var response = await client.PostAsync($"/jobs/bulk/{path}", null);
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
