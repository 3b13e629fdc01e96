using System.Net;
using System.Text.Json;

namespace Queues.EndToEnd.Tests;

/// <summary>The jobs database stopped under the replicas: refused uploads say why, accepted jobs are not lost.</summary>
[Collection(ReplicatedCollection.Name)]
public sealed class PostgresOutageTests(ReplicatedSystem system)
{
    static readonly byte[] Image = JobsClient.Jpeg(2000, 1500);

    [Fact]
    public async Task While_PostgreSQL_is_stopped_uploads_get_503_and_every_accepted_job_completes_once_it_is_back()
    {
        var accepted = await system.Balancer.UploadManyAsync(20, Image, "blur:2,resize:400x300");
        var unfinished = (await Task.WhenAll(accepted.Select(id => system.Balancer.GetJobAsync(id)))).Count(j => j.State is "Queued" or "Processing");
        unfinished.ShouldBeGreaterThan(0, "the outage is to hit jobs still moving");

        await system.ServersAsync("stop", "postgres");
        try
        {
            // Each replica answers for itself.
            foreach (var http in new[] { system.Http, system.HttpB })
            {
                using var refused = await http.PostAsync(Image);
                var body = await refused.Content.ReadAsStringAsync();
                refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, body);
                refused.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
                refused.Headers.RetryAfter.ShouldNotBeNull();
                var problem = JsonSerializer.Deserialize<JsonElement>(body);
                problem.GetProperty("title").GetString().ShouldBe("Jobs database unavailable");
                problem.GetProperty("detail").GetString()!.ShouldContain("nothing was accepted");
            }
        }
        finally
        {
            await system.ServersAsync("start", "postgres");
        }

        var jobs = await system.Balancer.WaitForEndAsync(accepted, TimeSpan.FromSeconds(240));
        jobs.Values.Where(j => j.State != "Completed").Select(j => $"{j.Id}: {j.State} {j.FailureReason}")
            .ShouldBeEmpty($"all {accepted.Count} accepted jobs complete ({unfinished} were unfinished when PostgreSQL stopped)");
        var after = await system.Balancer.UploadAsync(JobsClient.Jpeg(640, 480));
        (await system.Balancer.WaitForEndAsync([after], TimeSpan.FromSeconds(60)))[after].State.ShouldBe("Completed", "uploads work again");
    }
}
