using Microsoft.Extensions.Options;
using Queues.Imaging;
using Queues.Tests.Support;

namespace Queues.Tests.Imaging;

public class RenditionPipelineTests
{
    readonly ImagePipeline pipeline = new(Options.Create(new ImagingOptions()));

    static OperationPlan Plan(string spec)
    {
        OperationParser.TryParse(spec, out var plan, out var error).ShouldBeTrue(error);
        return plan;
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    public void One_decode_gives_each_rendition_the_size_and_format_a_job_of_its_own_would(string input)
    {
        var original = input == "jpeg" ? TestImages.Jpeg(2400, 1600) : TestImages.Png(2400, 1600);
        OperationPlan[] plans = [Plan("resize:320x320"), Plan("resize:800x600:cover,format:webp"), Plan("flip,crop:100x100:south-east,format:png")];

        var together = pipeline.RunAll(original, plans);
        var apart = plans.Select(p => pipeline.Run(original, p)).ToList();

        together.Select(r => (r.Width, r.Height, r.ContentType)).ShouldBe(apart.Select(r => (r.Width, r.Height, r.ContentType)));
        together.Select(r => (r.Width, r.Height)).ShouldBe([(320, 213), (800, 600), (100, 100)]);
        // The same pixels, give or take the resampling: a shared decode must not swap or mix up renditions.
        for (var i = 0; i < plans.Length; i++)
        {
            var (a, b) = (Pixels.At(together[i].Bytes, together[i].Width / 2, together[i].Height / 2), Pixels.At(apart[i].Bytes, apart[i].Width / 2, apart[i].Height / 2));
            a.Zip(b).ShouldAllBe(p => Math.Abs(p.First - p.Second) <= 8);
        }
    }
}
