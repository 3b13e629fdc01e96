using System.Text.Json;
using Microsoft.Playwright;
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
        var upload = page.Locator(".opblock-post", new() { Has = page.Locator(".opblock-summary-path[data-path='/jobs']") });
        await upload.Locator(".opblock-summary").ClickAsync();
        await upload.GetByRole(AriaRole.Button, new() { Name = "Try it out" }).ClickAsync();
        await upload.Locator("input[type=file]").SetInputFilesAsync(
            new FilePayload { Name = "first-try.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(800, 600) });
        await upload.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync();

        var response = upload.Locator(".live-responses-table .response");
        await Expect(response.Locator(".response-col_status")).ToHaveTextAsync("202");
        await Screenshots.SaveAsync(page, "swagger-try-it-out");
        var body = await response.Locator(".response-col_description pre.microlight").First.InnerTextAsync();
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();

        // The pre-filled optional fields were accepted as they are, so the job runs the default operations to the end.
        using var client = fixture.App.CreateClient();
        var job = await client.WaitForEndAsync(id);
        job.State.ShouldBe(Queues.Api.Jobs.JobState.Completed, $"job {id}: {job.FailureReason}");
    }
}
