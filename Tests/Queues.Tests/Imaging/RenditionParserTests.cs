using Queues.Imaging;

namespace Queues.Tests.Imaging;

public class RenditionParserTests
{
    [Fact]
    public void The_first_equals_sign_separates_the_name_from_operations_that_use_their_own()
    {
        RenditionParser.TryParse(["thumb=resize:320x320", "card=resize:800x600:cover,format:webp", "mark=watermark:Hi:opacity=0.8"],
            out var renditions, out var error).ShouldBeTrue(error);

        renditions.Select(r => r.Name).ShouldBe(["thumb", "card", "mark"]);
        renditions[1].Plan.StepSpecs.ShouldBe(["resize:800x600:cover"]);
        renditions[1].Plan.Format.ShouldBe(OutputFormat.Webp);
        renditions[2].Plan.Steps[0].ShouldBeOfType<Watermark>().Opacity.ShouldBe(0.8);
    }

    [Theory]
    [InlineData(new[] { "a=flip", "a=flop" }, "the name 'a' is used twice")]
    [InlineData(new[] { "Thumb=flip" }, "'Thumb' is not a rendition name")]
    [InlineData(new[] { "this-name-is-much-longer-than-32-chars=flip" }, "is not a rendition name")]
    [InlineData(new[] { "a_b=flip" }, "'a_b' is not a rendition name")]
    [InlineData(new[] { "=flip" }, "'' is not a rendition name")]
    [InlineData(new[] { "thumb=" }, "rendition 'thumb' has no operations")]
    [InlineData(new[] { "thumb" }, "rendition 'thumb' has no operations")]
    [InlineData(new[] { "thumb=explode:3" }, "rendition 'thumb': 'explode:3': unknown operation 'explode'")]
    public void Bad_renditions_say_what_is_wrong(string[] fields, string message)
    {
        RenditionParser.TryParse(fields, out _, out var error).ShouldBeFalse();
        error.ShouldContain(message);
    }

    [Fact]
    public void Fifty_renditions_are_too_many()
    {
        var fields = Enumerable.Range(1, 50).Select(i => $"r{i}=resize:{i}x{i}").ToList();
        RenditionParser.TryParse(fields, out _, out var error).ShouldBeFalse();
        error.ShouldContain($"at most {RenditionParser.MaxRenditions} renditions are allowed, got 50");
        RenditionParser.TryParse(fields.Take(RenditionParser.MaxRenditions).ToList(), out var most, out var fine).ShouldBeTrue(fine);
        most.Count.ShouldBe(RenditionParser.MaxRenditions);
    }
}
