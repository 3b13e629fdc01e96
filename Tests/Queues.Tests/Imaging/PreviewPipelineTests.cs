using Microsoft.Extensions.Options;
using Queues.Imaging;
using Queues.Tests.Support;

namespace Queues.Tests.Imaging;

/// <summary>The worker's preview of the original, made with the job's outputs.</summary>
public class PreviewPipelineTests
{
    readonly ImagePipeline pipeline = new(Options.Create(new ImagingOptions()));

    static OperationPlan Plan(string operations)
    {
        OperationParser.TryParse(operations, out var plan, out var error).ShouldBeTrue(error);
        return plan;
    }

    [Theory]
    [InlineData("resize:800x600,grayscale")] // from the job's own shrunk decode
    [InlineData("resize:300x300:cover")] // apart: a cover crop's pixels are not the whole picture
    [InlineData("blur:2")] // apart: no resize first
    [InlineData("resize:100x100")] // apart: smaller than the preview
    public void The_preview_is_the_whole_colour_original_at_160_px_and_the_result_is_what_Run_makes(string operations)
    {
        var input = TestImages.Jpeg(2000, 1500);
        var plan = Plan(operations);

        var (results, preview) = pipeline.RunWithPreview(input, [plan]);

        results.Single().Bytes.ShouldBe(pipeline.Run(input, plan).Bytes, "keeping the decode in memory changes no pixel of the result");
        using var decoded = Pixels.Decode(preview.ShouldNotBeNull());
        (decoded.Width, decoded.Height).ShouldBe((Preview.Side, 120));
        Pixels.MaxChannelSpread(preview).ShouldBeGreaterThan(50, "of the colour original");
    }

    [Fact]
    public void With_renditions_the_preview_is_made_apart_and_each_rendition_is_kept()
    {
        var input = TestImages.Jpeg(2000, 1500);

        var (results, preview) = pipeline.RunWithPreview(input, [Plan("resize:320x320"), Plan("resize:800x600,format:webp")]);

        results.Select(r => r.ContentType).ShouldBe(["image/jpeg", "image/webp"]);
        using var decoded = Pixels.Decode(preview.ShouldNotBeNull());
        decoded.Width.ShouldBe(Preview.Side);
    }
}
