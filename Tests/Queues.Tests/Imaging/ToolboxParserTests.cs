using Queues.Imaging;

namespace Queues.Tests.Imaging;

public class ToolboxParserTests
{
    static OperationPlan Parse(string spec)
    {
        OperationParser.TryParse(spec, out var plan, out var error).ShouldBeTrue(error);
        return plan;
    }

    [Theory]
    [InlineData("resize:800x600:enlarge", "resize:800x600:fit:enlarge")]
    [InlineData("resize:800x600:fit:enlarge", "resize:800x600:fit:enlarge")]
    [InlineData("resize:800x600:cover:enlarge=true", "resize:800x600:cover:enlarge")]
    [InlineData("resize:800x600:enlarge=false", "resize:800x600:fit")]
    [InlineData("crop:100x50+10+20", "crop:100x50+10+20")]
    [InlineData("crop:100x50", "crop:100x50:centre")]
    [InlineData("crop:100x50:top", "crop:100x50:north")]
    [InlineData("crop:100x50:gravity=south-east", "crop:100x50:south-east")]
    [InlineData("crop:100x50:attention", "crop:100x50:smart")]
    [InlineData("smartcrop:64x64", "crop:64x64:smart")]
    [InlineData("rotate:90", "rotate:90")]
    [InlineData("rotate:-90", "rotate:270")]
    [InlineData("flip", "flip")]
    [InlineData("mirror", "flop")]
    [InlineData("keep-metadata", "keep-metadata")]
    public void New_operations_have_one_canonical_spelling(string spec, string canonical)
    {
        var plan = Parse(spec);
        plan.StepSpecs.ShouldBe([canonical]);
        Parse(canonical).Steps.ShouldBe(plan.Steps, "the canonical form must parse back to the same steps");
    }

    [Fact]
    public void Avif_is_an_output_format() => Parse("flip,format:avif:60").Format.ShouldBe(OutputFormat.Avif);

    [Theory]
    [InlineData("crop", "needs a size")]
    [InlineData("crop:100", "size must look like")]
    [InlineData("crop:0x50", "crop sizes are 1")]
    [InlineData("crop:100x50+1+2:north", "takes no gravity")]
    [InlineData("crop:100x50:upwards", "unknown gravity")]
    [InlineData("rotate:45", "90, 180 or 270")]
    [InlineData("rotate", "90, 180 or 270")]
    [InlineData("flip:2", "takes no parameters")]
    [InlineData("resize:100x100:enlarge=maybe", "enlarge must be true or false")]
    public void Bad_new_operations_say_what_is_allowed(string spec, string message)
    {
        OperationParser.TryParse(spec, out _, out var error).ShouldBeFalse();
        error.ShouldContain(message);
        error.ShouldContain("crop:WxH+X+Y");
    }

    [Theory]
    [InlineData("crop:100x100+150+50", 200, 100, false, "outside the 200x100 image")]
    [InlineData("crop:100x50+100+50", 200, 100, false, null)]
    [InlineData("rotate:90,crop:100x150+0+0", 200, 100, false, null)]
    [InlineData("rotate:90,crop:100x150+0+0", 200, 100, true, "outside the 200x100 image")]
    [InlineData("resize:100x100,crop:100x50+0+0", 200, 100, false, null)]
    [InlineData("resize:100x100,crop:100x51+0+0", 200, 100, false, "outside the 100x50 image")]
    [InlineData("resize:1000x1000,crop:200x100+0+0", 200, 100, false, null)]
    public void The_upload_check_follows_the_size_through_the_plan(string spec, int width, int height, bool sideways, string? error)
    {
        var (w, h) = new ImageInfo("jpeg", width, height, sideways).Upright;
        var problem = PlanGeometry.Check(Parse(spec), w, h);
        if (error is null) problem.ShouldBeNull();
        else problem.ShouldNotBeNull().ShouldContain(error);
    }
}
