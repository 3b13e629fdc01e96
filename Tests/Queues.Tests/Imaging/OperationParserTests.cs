using Queues.Contracts;
using Queues.Imaging;

namespace Queues.Tests.Imaging;

public class OperationParserTests
{
    static OperationPlan Parse(string? spec)
    {
        OperationParser.TryParse(spec, out var plan, out var error).ShouldBeTrue(error);
        return plan;
    }

    static string Reject(string spec)
    {
        OperationParser.TryParse(spec, out _, out var error).ShouldBeFalse();
        return error;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_operations_means_fit_320_then_grayscale_as_jpeg(string? spec)
    {
        var plan = Parse(spec);
        plan.StepSpecs.ShouldBe(["resize:320x320:fit", "grayscale"]);
        plan.Format.ShouldBe(OutputFormat.Jpeg);
    }

    [Fact]
    public void The_classroom_shorthand_resize_watermark_filter_is_understood()
    {
        var plan = Parse("resize,watermark,filter");
        plan.Steps.Count.ShouldBe(3);
        plan.Steps[0].ShouldBe(new Resize(320, 320, ResizeFit.Fit));
        plan.Steps[1].ShouldBeOfType<Watermark>().Text.ShouldBe("Queues");
        plan.Steps[2].ShouldBeOfType<Grayscale>();
    }

    [Fact]
    public void The_parameterised_form_keeps_order_and_parameters()
    {
        var plan = Parse("resize:800x600:cover, blur:2.5, watermark:Hello:position=top-left:opacity=0.8:size=40, sepia, format:webp:70");
        plan.Steps.ShouldBe([
            new Resize(800, 600, ResizeFit.Cover),
            new Blur(2.5),
            new Watermark("Hello", WatermarkPosition.TopLeft, 0.8, 40),
            new Sepia(),
        ]);
        plan.Format.ShouldBe(OutputFormat.Webp);
        plan.Quality.ShouldBe(70);
    }

    [Theory]
    [InlineData("resize:800x600", 800, 600)]
    [InlineData("resize:800x", 800, null)]
    [InlineData("resize:x600", null, 600)]
    [InlineData("resize:500", 500, 500)]
    [InlineData("resize:width=640", 640, 320)]
    public void Resize_sizes(string spec, int? width, int? height) =>
        Parse(spec).Steps[0].ShouldBe(new Resize(width, height, ResizeFit.Fit));

    [Theory]
    [InlineData("inside", ResizeFit.Fit)]
    [InlineData("crop", ResizeFit.Cover)]
    [InlineData("force", ResizeFit.Exact)]
    [InlineData("stretch", ResizeFit.Exact)]
    public void The_other_libraries_words_for_a_fit_mean_what_they_mean_there(string word, ResizeFit fit)
    {
        OperationParser.TryParse($"resize:100x100:{word}", out var plan, out var error).ShouldBeTrue(error);
        plan.Steps.OfType<Resize>().Single().Fit.ShouldBe(fit);
    }

    [Fact]
    public void Canonical_specs_parse_back_to_the_same_plan()
    {
        var plan = Parse("resize:640x:fit,watermark:Hi there:position=center:opacity=0.25,blur:1.5,sharpen,invert,grayscale,format:png");
        var again = OperationParser.FromMessage(plan.StepSpecs, plan.FormatName, plan.Quality);
        again.Steps.ShouldBe(plan.Steps);
        again.Format.ShouldBe(OutputFormat.Png);
    }

    [Theory]
    [InlineData("explode", "unknown operation 'explode'")]
    [InlineData("resize:big", "size must look like")]
    [InlineData("resize:0x10", "between 1 and 10000")]
    [InlineData("resize:20000x10", "between 1 and 10000")]
    [InlineData("resize:100x:cover", "needs both a width and a height")]
    [InlineData("resize:100x100:contain", "'contain' letterboxes in sharp")]
    [InlineData("resize:100x100:fill", "'fill' stretches in sharp and crops in imgproxy")]
    [InlineData("blur:-1", "sigma must be between")]
    [InlineData("blur:abc", "sigma must be a number")]
    [InlineData("watermark:Hi:opacity=3", "opacity must be between")]
    [InlineData("watermark:Hi:position=nowhere", "unknown position")]
    [InlineData("grayscale:5", "takes no parameters")]
    [InlineData("format:bmp", "unknown format 'bmp'")]
    [InlineData("format:png,format:webp", "only once")]
    public void Malformed_operations_are_rejected_with_the_reason_and_what_is_allowed(string spec, string reason)
    {
        var error = Reject(spec);
        error.ShouldContain(reason);
        error.ShouldContain("Allowed: resize");
    }

    [Fact]
    public void Too_many_operations_are_rejected() =>
        Reject(string.Join(',', Enumerable.Repeat("invert", OperationParser.MaxOperations + 1))).ShouldContain("at most 20");

    [Fact]
    public void A_bad_spec_in_a_message_is_a_permanent_fault() =>
        Should.Throw<ImageRejectedException>(() => OperationParser.FromMessage(["melt"], "jpeg", 80))
            .Kind.ShouldBe(FailureKind.InvalidOperation);
}
