using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Queues.Imaging;
using Queues.Tests.Support;

namespace Queues.Tests.Imaging;

/// <summary>Every numeric parameter is finite and in its documented range at upload, or the upload is a 400 saying the range.</summary>
public sealed class OperationParameterTests
{
    /// <summary>Each numeric parameter, written with {0} where the value goes, and the range the error must name.</summary>
    public static readonly TheoryData<string, string> Parameters = new()
    {
        { "blur:{0}", "between 0.1 and 50" },
        { "resize:width={0}", "between 1 and 10000" },
        { "resize:height={0}", "between 1 and 10000" },
        { "watermark:Hi:opacity={0}", "between 0.01 and 1" },
        { "watermark:Hi:size={0}", "between 6 and 500" },
        { "format:jpeg:{0}", "between 1 and 100" },
        { "format:webp:q={0}", "between 1 and 100" },
    };

    static readonly string[] BadValues = ["NaN", "Infinity", "-Infinity", "1e308", "-1", "0"];

    [Theory]
    [MemberData(nameof(Parameters))]
    public void Rejects_non_finite_huge_negative_and_zero_values_with_the_allowed_range(string template, string range)
    {
        foreach (var value in BadValues)
        {
            var spec = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, value);
            OperationParser.TryParse(spec, out _, out var error).ShouldBeFalse($"'{spec}' was accepted");
            error.ShouldContain(range, customMessage: $"for '{spec}'");
        }
    }

    [Theory]
    [InlineData("resize:99999999999x10")]
    [InlineData("resize:0x10")]
    [InlineData("resize:10x0")]
    public void Rejects_a_size_that_is_zero_or_too_large_for_an_int(string spec)
    {
        OperationParser.TryParse(spec, out _, out var error).ShouldBeFalse();
        error.ShouldContain("between 1 and 10000");
    }

    [Fact]
    public void Accepts_the_ends_of_each_range()
    {
        foreach (var spec in new[] { "blur:0.1", "blur:50", "resize:width=1", "resize:10000x10000", "watermark:Hi:opacity=0.01",
                     "watermark:Hi:opacity=1", "watermark:Hi:size=6", "watermark:Hi:size=500", "format:jpeg:1", "format:webp:100" })
            OperationParser.TryParse(spec, out _, out var error).ShouldBeTrue($"'{spec}': {error}");
    }

    [Fact]
    public async Task An_upload_with_blur_NaN_is_a_400_naming_the_range_and_queues_nothing()
    {
        await using var app = new StandaloneApp();
        var client = app.CreateClient();
        using var response = await client.PostAsync("/jobs", JobsClient.Form(TestImages.Jpeg(64, 48), operations: "blur:NaN"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        problem.Detail.ShouldNotBeNull().ShouldContain("sigma must be between 0.1 and 50");
        var page = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/jobs");
        page.GetProperty("total").GetInt32().ShouldBe(0);
    }
}
