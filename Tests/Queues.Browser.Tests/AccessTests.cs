using Microsoft.Playwright;
using Queues.Browser.Tests.Support;
using Queues.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Queues.Browser.Tests;

[Collection(DashboardCollection.Name)]
public sealed class AccessTests(DashboardFixture fixture)
{
    const string HtmlName = "<img src=x onerror=alert(1)>.jpg";

    [Fact(Timeout = 180_000)]
    public async Task A_submitter_enters_its_key_and_sees_its_own_jobs_without_the_operator_panels()
    {
        await using var app = new KeyedApp();
        app.UseKestrel(0);
        app.StartServer();
        var tenantA = app.ClientWith(KeyedApp.TenantAKey);
        using var response = await tenantA.PostAsync("/jobs", JobsClient.Form(TestImages.Jpeg(240, 180), HtmlName));
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var job = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<Queues.Api.Jobs.JobView>(response.Content, StandaloneApp.Json))!;
        await tenantA.WaitForEndAsync(job.Id);

        var page = await fixture.OpenAsync("/", app.CreateClient().BaseAddress);
        await Expect(page.Locator("#key-form")).ToBeVisibleAsync();
        await page.FillAsync("#api-key", KeyedApp.TenantAKey);
        await page.ClickAsync("#key-form button[type=submit]");

        await Expect(page.Locator("#connection")).ToHaveTextAsync("Live");
        await Expect(page.Locator("#access")).ToContainTextAsync("Tenant tenant-a (Submitter)");
        foreach (var panel in new[] { "section.workers", "section.queues", "section.charts", "section.dead" })
            await Expect(page.Locator(panel)).ToBeHiddenAsync();

        var row = page.Locator($"tr[data-job-id='{job.Id}']");
        // The stored name is text: the markup shows as written and no element came of it.
        await Expect(row.Locator(".file")).ToHaveTextAsync(HtmlName);
        (await page.Locator("img[src='x']").CountAsync()).ShouldBe(0);
        // The thumbnails load through their signed links: an <img> sends no key.
        var result = row.Locator("img[alt^='Result of']");
        await Expect(result).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync($"() => document.querySelector(\"tr[data-job-id='{job.Id}'] img[alt^='Result of']\")?.naturalWidth > 0");
    }
}
