using Microsoft.Extensions.Options;
using NetVips;
using Queues.Contracts;
using Queues.Imaging;
using Queues.Tests.Support;

namespace Queues.Tests.Imaging;

/// <summary>Crops, turns and mirrors, checked on the pixels of a gradient whose every position has its own colour.</summary>
public class GeometryStepTests
{
    readonly ImagePipeline pipeline = new(Options.Create(new ImagingOptions()));

    ProcessedImage Run(byte[] input, string operations)
    {
        OperationParser.TryParse(operations, out var plan, out var error).ShouldBeTrue(error);
        return pipeline.Run(input, plan);
    }

    /// <summary>Four flat quadrants, 100x50 each: red top-left, green top-right, blue bottom-left, white bottom-right.</summary>
    static byte[] Quadrants()
    {
        Image Flat(double r, double g, double b) => (Image.Black(100, 50, bands: 3) + new[] { r, g, b }).Cast(Enums.BandFormat.Uchar);
        var top = Flat(255, 0, 0).Join(Flat(0, 255, 0), Enums.Direction.Horizontal);
        var bottom = Flat(0, 0, 255).Join(Flat(255, 255, 255), Enums.Direction.Horizontal);
        return top.Join(bottom, Enums.Direction.Vertical).Copy(interpretation: Enums.Interpretation.Srgb).PngsaveBuffer();
    }

    static string ColourAt(ProcessedImage result, int x, int y) => Pixels.At(result.Bytes, x, y) switch
    {
        [> 200, < 50, < 50] => "red",
        [< 50, > 200, < 50] => "green",
        [< 50, < 50, > 200] => "blue",
        [> 200, > 200, > 200] => "white",
        var other => string.Join(",", other),
    };

    [Fact]
    public void A_smaller_image_is_not_enlarged_unless_asked()
    {
        var gif = TestImages.Gradient(200, 150).GifsaveBuffer();
        (Run(gif, "").Width, Run(gif, "").Height).ShouldBe((200, 150));
        var enlarged = Run(gif, "resize:320x320:enlarge");
        (enlarged.Width, enlarged.Height).ShouldBe((320, 240));
        var cover = Run(gif, "resize:800x600:cover,format:png");
        (cover.Width, cover.Height).ShouldBe((200, 150));
        var coverEnlarged = Run(gif, "resize:800x300:cover:enlarge,format:png");
        (coverEnlarged.Width, coverEnlarged.Height).ShouldBe((800, 300));
        var onePixel = Run(TestImages.Png(1, 1), "resize:320x320,format:png");
        (onePixel.Width, onePixel.Height).ShouldBe((1, 1));
    }

    [Fact]
    public void A_rectangle_crop_keeps_exactly_that_rectangle()
    {
        var result = Run(Quadrants(), "crop:60x40+70+30,format:png");
        (result.Width, result.Height).ShouldBe((60, 40));
        // From (70,30): 30 px of red then green on the top 20 rows, blue then white below.
        ColourAt(result, 0, 0).ShouldBe("red");
        ColourAt(result, 29, 19).ShouldBe("red");
        ColourAt(result, 30, 19).ShouldBe("green");
        ColourAt(result, 29, 20).ShouldBe("blue");
        ColourAt(result, 59, 39).ShouldBe("white");
    }

    [Theory]
    [InlineData("north-west", "red")]
    [InlineData("north-east", "green")]
    [InlineData("south-west", "blue")]
    [InlineData("south-east", "white")]
    public void A_gravity_crop_takes_the_piece_at_that_side(string gravity, string colour)
    {
        var result = Run(Quadrants(), $"crop:50x25:{gravity},format:png");
        (result.Width, result.Height).ShouldBe((50, 25));
        ColourAt(result, 0, 0).ShouldBe(colour);
        ColourAt(result, 49, 24).ShouldBe(colour);
    }

    [Fact]
    public void A_smart_crop_finds_the_one_busy_spot()
    {
        // A flat grey field with one bright, saturated square near the bottom right: libvips' attention picks it.
        var field = (Image.Black(400, 300, bands: 3) + 128).Cast(Enums.BandFormat.Uchar);
        var spot = (Image.Black(40, 40, bands: 3) + new double[] { 255, 0, 0 }).Cast(Enums.BandFormat.Uchar);
        var input = field.Insert(spot, 320, 220).Copy(interpretation: Enums.Interpretation.Srgb).PngsaveBuffer();

        var result = Run(input, "crop:100x100:smart,format:png");

        (result.Width, result.Height).ShouldBe((100, 100));
        using var decoded = Pixels.Decode(result.Bytes);
        using var red = decoded[0] - decoded[1];
        red.Max().ShouldBe(255, "the red square should be inside the crop");
        Run(input, "smartcrop:100x100,format:png").Bytes.ShouldBe(result.Bytes);
    }

    [Fact]
    public void A_crop_outside_the_image_fails_the_job_with_the_reason()
    {
        var e = Should.Throw<ImageRejectedException>(() => Run(Quadrants(), "crop:100x100+150+50"));
        e.Kind.ShouldBe(FailureKind.InvalidOperation);
        e.Message.ShouldContain("outside the 200x100 image");
    }

    [Theory]
    [InlineData(90, 100, 200, "blue", "red", "white", "green")]
    [InlineData(180, 200, 100, "white", "blue", "green", "red")]
    [InlineData(270, 100, 200, "green", "white", "red", "blue")]
    public void Rotation_turns_clockwise_and_swaps_the_sides(int degrees, int width, int height,
        string topLeft, string topRight, string bottomLeft, string bottomRight)
    {
        var result = Run(Quadrants(), $"rotate:{degrees},format:png");
        (result.Width, result.Height).ShouldBe((width, height));
        ColourAt(result, 5, 5).ShouldBe(topLeft);
        ColourAt(result, width - 5, 5).ShouldBe(topRight);
        ColourAt(result, 5, height - 5).ShouldBe(bottomLeft);
        ColourAt(result, width - 5, height - 5).ShouldBe(bottomRight);
    }

    [Fact]
    public void Flip_turns_upside_down_and_flop_mirrors()
    {
        var flipped = Run(Quadrants(), "flip,format:png");
        (ColourAt(flipped, 5, 5), ColourAt(flipped, 195, 95)).ShouldBe(("blue", "green"));
        var flopped = Run(Quadrants(), "flop,format:png");
        (ColourAt(flopped, 5, 5), ColourAt(flopped, 195, 95)).ShouldBe(("green", "blue"));
    }
}
