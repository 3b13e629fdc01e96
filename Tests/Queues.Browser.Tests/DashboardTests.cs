using Microsoft.Playwright;
using Queues.Api.Jobs;
using Queues.Imaging;
using Queues.Browser.Tests.Support;
using Queues.ServiceDefaults.Storage;
using Queues.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Queues.Browser.Tests;

/// <summary>The dashboard in headless Chromium against the real standalone app: what a student sees.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardTests(DashboardFixture fixture)
{
    const int Bounded = 180_000;

    /// <summary>The largest difference between colour channels of any pixel, as the browser decoded the image.</summary>
    const string ChannelSpreadInBrowser = """
        async img => {
          await img.decode();
          const canvas = document.createElement('canvas');
          canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
          const g = canvas.getContext('2d');
          g.drawImage(img, 0, 0);
          const d = g.getImageData(0, 0, canvas.width, canvas.height).data;
          let max = 0;
          for (let i = 0; i < d.length; i += 4) max = Math.max(max, Math.abs(d[i] - d[i + 1]), Math.abs(d[i + 1] - d[i + 2]));
          return max;
        }
        """;

    static string UniqueName(string stem) => $"{stem}-{Guid.NewGuid().ToString("N")[..6]}.jpg";

    static async Task UploadAsync(IPage page, string name, byte[] content)
    {
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "image/jpeg", Buffer = content });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
    }

    static ILocator Row(IPage page, string fileName) => page.Locator("#jobs tbody tr", new() { HasText = fileName });

    [Fact(Timeout = Bounded)]
    public async Task An_uploaded_photo_reaches_Completed_with_a_grayscale_result_thumbnail()
    {
        var page = await fixture.OpenDashboardAsync();
        var name = UniqueName("photo");
        await UploadAsync(page, name, TestImages.Jpeg(1600, 1200));

        var row = Row(page, name);
        await Expect(row.Locator(".state")).ToHaveTextAsync("Completed");
        await Expect(row.Locator(".worker")).ToHaveTextAsync(fixture.App.WorkerId);
        var result = row.GetByRole(AriaRole.Img, new() { Name = $"Result of {name}" });
        await Expect(result).ToBeVisibleAsync();

        // The original is colourful and the thumbnail the page shows is grey, pixel for pixel, as Chromium drew it...
        (await row.GetByRole(AriaRole.Img, new() { Name = $"Original of {name}" }).EvaluateAsync<int>(ChannelSpreadInBrowser)).ShouldBeGreaterThan(100);
        (await result.EvaluateAsync<int>(ChannelSpreadInBrowser)).ShouldBe(0);
        // ...and in the bytes the page loaded.
        var bytes = await (await page.APIRequest.GetAsync((await result.GetAttributeAsync("src"))!)).BodyAsync();
        Pixels.MaxChannelSpread(bytes).ShouldBe(0);
        await Expect(page.Locator("#activity")).ToContainTextAsync("Completed");
        await Expect(page.Locator("#chart-throughput rect.bar").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "1-upload-completed");
    }

    [Fact(Timeout = Bounded)]
    public async Task Several_files_go_up_as_one_batch_whose_row_ends_with_its_counts_and_shows_its_jobs()
    {
        var page = await fixture.OpenDashboardAsync();
        string first = UniqueName("album"), second = UniqueName("album");
        await page.Locator("#file").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = first, MimeType = "image/jpeg", Buffer = TestImages.Jpeg(640, 480) },
            new FilePayload { Name = second, MimeType = "image/jpeg", Buffer = TestImages.Jpeg(480, 640) },
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();

        var batch = page.Locator("#batches tbody tr").First;
        await Expect(batch).ToContainTextAsync("Ended");
        await Expect(batch).ToContainTextAsync("2 completed, 0 failed, 0 cancelled of 2");
        await batch.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("#jobs tbody tr")).ToHaveCountAsync(2);
        await Expect(Row(page, first)).ToBeVisibleAsync();
        await Expect(Row(page, second)).ToBeVisibleAsync();
        await page.Locator("#batch-filter").ClickAsync();
        await Expect(page.Locator("#batch-filter")).ToBeHiddenAsync();
    }

    [Fact(Timeout = Bounded)]
    public async Task Renditions_typed_in_are_listed_with_their_sizes_and_the_original_shows_as_a_small_preview()
    {
        var page = await fixture.OpenDashboardAsync();
        var name = UniqueName("renditions");
        await page.Locator("#renditions").FillAsync("thumb=resize:320x320\ncard=resize:800x600:cover,format:webp");
        await UploadAsync(page, name, TestImages.Jpeg(1600, 1200));

        var row = Row(page, name);
        await Expect(row.Locator(".state")).ToHaveTextAsync("Completed");
        await Expect(row.Locator(".renditions a")).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("^thumb 320×240 "),
            new System.Text.RegularExpressions.Regex("^card 800×600 ")]);
        (await row.Locator(".renditions a").Nth(1).GetAttributeAsync("href")).ShouldNotBeNull().ShouldContain("/result/card?expires=", Case.Sensitive);

        var original = row.GetByRole(AriaRole.Img, new() { Name = $"Original of {name}" });
        (await original.GetAttributeAsync("src")).ShouldNotBeNull().ShouldContain("/preview?expires=", Case.Sensitive, "the preview, by a signed link");
        (await original.EvaluateAsync<int>("async img => { await img.decode(); return img.naturalWidth; }")).ShouldBe(Preview.Side);
        (await original.Locator("xpath=..").GetAttributeAsync("href")).ShouldNotBeNull().ShouldContain("/original?expires=", Case.Sensitive);
        await page.Locator("#renditions").FillAsync("");
    }

    [Fact(Timeout = Bounded)]
    public async Task A_corrupt_file_shows_Failed_with_its_reason_and_Retry_runs_it_again()
    {
        var page = await fixture.OpenDashboardAsync();
        var name = UniqueName("broken");
        await UploadAsync(page, name, TestImages.TruncatedJpeg());

        var row = Row(page, name);
        await Expect(row.Locator(".state")).ToHaveTextAsync("Failed");
        await Expect(row.Locator(".reason")).ToContainTextAsync("corrupt or truncated");
        await Expect(page.Locator("#dead")).ToContainTextAsync("corrupt or truncated");
        await Screenshots.SaveAsync(page, "2-corrupt-failed");

        // Repair the stored original, as an operator would, so the retried job can succeed and show it really ran.
        var id = Guid.Parse((await row.GetAttributeAsync("data-job-id"))!);
        using (var scope = fixture.App.Services.CreateScope())
        {
            var job = await scope.ServiceProvider.JobsOfEveryTenant().Jobs.FindAsync(id);
            await fixture.App.Services.GetRequiredService<IObjectStore>().PutAsync(job!.OriginalKey, TestImages.Jpeg(640, 480), "image/jpeg");
        }
        var retry = await page.RunAndWaitForResponseAsync(
            () => row.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync(),
            r => r.Url.EndsWith($"/jobs/{id}/retry") && r.Request.Method == "POST");
        retry.Status.ShouldBe(202);

        await Expect(row.Locator(".state")).ToHaveTextAsync("Completed");
        await Expect(row.Locator(".attempts")).ToHaveTextAsync("2");
        await Expect(row.Locator(".reason")).ToBeEmptyAsync();
        await Expect(row.GetByRole(AriaRole.Img, new() { Name = $"Result of {name}" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "3-retried-completed");
    }

    [Fact(Timeout = Bounded)]
    public async Task Create_demo_jobs_fills_the_table_and_every_panel_shows_the_work()
    {
        var page = await fixture.OpenDashboardAsync();
        await page.GetByLabel("Demo jobs").FillAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create demo jobs" }).ClickAsync();
        // 40 uploads stored and queued while the in-process worker takes the first ones: under a second on a quiet
        // machine, once over Playwright's default 5 s right after the EndToEnd tests; the wait is for the answer.
        await Expect(page.Locator("#demo-status")).ToHaveTextAsync("Queued 40 demo jobs.", new() { Timeout = 60_000 });

        // A page holds 25 rows; the newest 25 are all demo jobs, and they all finish.
        var demoRows = page.Locator("#jobs tbody tr", new() { HasText = DemoImage.FileName });
        await Expect(demoRows).ToHaveCountAsync(25);
        await Expect(page.Locator("#jobs tbody tr[data-state=Completed]", new() { HasText = DemoImage.FileName }))
            .ToHaveCountAsync(25, new() { Timeout = 120_000 });
        await Expect(page.Locator("#page-info")).ToContainTextAsync("Page 1 of");

        var worker = page.Locator($"#workers [data-worker-id='{fixture.App.WorkerId}']");
        await Expect(worker.Locator(".badge")).ToHaveTextAsync("ONLINE");
        await Expect(page.Locator("#queues")).ToContainTextAsync("not available on the in-memory bus");
        await Expect(page.Locator("#chart-throughput rect.bar").First).ToBeVisibleAsync();
        // The open mode has one tenant: every completion of the last minute is its own.
        await Expect(page.Locator("#tenants tr[data-tenant='default'] .label")).ToHaveTextAsync("100 %");
        await Screenshots.SaveAsync(page, "4-demo-batch");

        await page.GetByRole(AriaRole.Button, new() { Name = "Older" }).ClickAsync();
        await Expect(page.Locator("#page-info")).ToContainTextAsync("Page 2 of");
        await Expect(page.Locator("#jobs tbody tr").First).ToBeVisibleAsync();
    }

    [Fact(Timeout = Bounded)]
    public async Task Every_control_is_labelled_and_demo_jobs_can_be_created_from_the_keyboard()
    {
        var page = await fixture.OpenDashboardAsync();
        var unlabelled = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('input, select')].filter(c => c.labels.length === 0).map(c => c.id)");
        unlabelled.ShouldBeEmpty();
        var nameless = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('button')].filter(b => !(b.getAttribute('aria-label') || b.textContent.trim())).map(b => b.outerHTML)");
        nameless.ShouldBeEmpty();

        var count = page.GetByLabel("Demo jobs");
        await count.FocusAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("3");
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.textContent")).ShouldBe("Create demo jobs");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#demo-status")).ToHaveTextAsync("Queued 3 demo jobs.");
    }
}
