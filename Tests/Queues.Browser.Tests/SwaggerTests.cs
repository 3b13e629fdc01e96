using Queues.Api.Jobs;
using Queues.Browser.Tests.Support;
using Queues.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Queues.Browser.Tests;

/// <summary>Swagger UI in headless Chromium, used as a newcomer would: the first "Try it out" must work.</summary>
[Collection(DashboardCollection.Name)]
public sealed class SwaggerTests(DashboardFixture fixture)
{
    [Fact(Timeout = 120_000)]
    public async Task Try_it_out_on_POST_jobs_with_only_a_file_chosen_answers_202_and_the_job_completes()
    {
        var page = await fixture.OpenAsync("/swagger");
        var id = await SwaggerUi.UploadWithOnlyAFileAsync(page, "first-try.jpg");
        await Screenshots.SaveAsync(page, "swagger-try-it-out");

        // The pre-filled optional fields were accepted as they are, so the job runs the default operations to the end.
        using var client = fixture.App.CreateClient();
        var job = await client.WaitForEndAsync(id);
        job.State.ShouldBe(JobState.Completed, $"job {id}: {job.FailureReason}");
    }

    /// <summary>README, "The first five minutes": run, open the dashboard, upload from Swagger, watch it complete.</summary>
    [Fact(Timeout = 120_000)]
    public async Task The_first_five_minutes_of_the_README_upload_from_Swagger_and_the_dashboard_shows_the_job_Completed()
    {
        var dashboard = await fixture.OpenDashboardAsync();
        var swagger = await fixture.OpenAsync("/swagger");
        var name = $"first-five-minutes-{Guid.NewGuid().ToString("N")[..6]}.jpg";
        var id = await SwaggerUi.UploadWithOnlyAFileAsync(swagger, name);

        var row = dashboard.Locator($"#jobs tbody tr[data-job-id='{id}']");
        await Expect(row).ToContainTextAsync(name);
        await Expect(row.Locator(".state")).ToHaveTextAsync("Completed");
        await Screenshots.SaveAsync(dashboard, "first-five-minutes");
    }
}
