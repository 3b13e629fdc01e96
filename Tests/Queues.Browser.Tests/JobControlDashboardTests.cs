using System.Net.Http.Json;
using Microsoft.Playwright;
using Queues.Api.Jobs;
using Queues.Browser.Tests.Support;
using Queues.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Queues.Browser.Tests;

/// <summary>Search and cancel from the dashboard, in headless Chromium against the real standalone app.</summary>
[Collection(DashboardCollection.Name)]
public sealed class JobControlDashboardTests(DashboardFixture fixture)
{
    [Fact(Timeout = 180_000)]
    public async Task The_search_box_finds_a_delayed_job_and_its_Cancel_button_cancels_it()
    {
        var name = $"later-{Guid.NewGuid().ToString("N")[..6]}.jpg";
        using var http = new HttpClient { BaseAddress = fixture.BaseAddress };
        using var form = JobsClient.Form(TestImages.Jpeg(320, 240), name);
        form.Add(new StringContent(DateTime.UtcNow.AddDays(1).ToString("O")), "notBefore");
        using var accepted = await http.PostAsync("/jobs", form);
        var job = (await accepted.Content.ReadFromJsonAsync<JobView>(StandaloneApp.Json))!;

        var page = await fixture.OpenDashboardAsync();
        await page.Locator("#job-search").FillAsync(name[..12]);
        var rows = page.Locator("#jobs tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        var row = rows.First;
        await Expect(row).ToContainTextAsync(name);
        await Expect(row.Locator(".state")).ToHaveTextAsync("Queued");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Cancel job …{job.Id.ToString()[^8..]}" }).ClickAsync();

        await Expect(row.Locator(".state")).ToHaveTextAsync("Cancelled");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "9-search-and-cancel");
    }
}
