using System.Text.Json;
using Microsoft.Playwright;
using Queues.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Queues.Browser.Tests.Support;

/// <summary>Swagger UI as a person uses it: open an operation, Try it out, fill in only what is required, Execute.</summary>
public static class SwaggerUi
{
    /// <summary>POST /jobs with only a file chosen; returns the job id from the 202 answer the page shows.</summary>
    public static async Task<Guid> UploadWithOnlyAFileAsync(IPage page, string fileName)
    {
        var upload = page.Locator(".opblock-post", new() { Has = page.Locator(".opblock-summary-path[data-path='/jobs']") });
        await upload.Locator(".opblock-summary").ClickAsync();
        await upload.GetByRole(AriaRole.Button, new() { Name = "Try it out" }).ClickAsync();
        await upload.Locator("input[type=file]").SetInputFilesAsync(
            new FilePayload { Name = fileName, MimeType = "image/jpeg", Buffer = TestImages.Jpeg(800, 600) });
        await upload.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync();

        var response = upload.Locator(".live-responses-table .response");
        await Expect(response.Locator(".response-col_status")).ToHaveTextAsync("202");
        var body = await response.Locator(".response-col_description pre.microlight").First.InnerTextAsync();
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }
}
