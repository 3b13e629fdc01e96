using Queues.Contracts;
using Microsoft.Extensions.Options;
using NetVips;
using Queues.Tests.Support;
using Queues.Imaging;

namespace Queues.Tests.Imaging;

public class ImagePipelineTests
{
    readonly ImagePipeline pipeline = new(Options.Create(new ImagingOptions()));

    ProcessedImage Run(byte[] input, string operations)
    {
        OperationParser.TryParse(operations, out var plan, out var error).ShouldBeTrue(error);
        return pipeline.Run(input, plan);
    }

    [Fact]
    public void The_default_pipeline_makes_a_grayscale_jpeg_that_fits_320()
    {
        var input = TestImages.Jpeg(4000, 3000);
        Pixels.MaxChannelSpread(input).ShouldBeGreaterThan(100, "the input must be colourful for this test to mean anything");

        var result = Run(input, "");

        result.ContentType.ShouldBe("image/jpeg");
        (result.Width, result.Height).ShouldBe((320, 240));
        using var decoded = Pixels.Decode(result.Bytes);
        (decoded.Width, decoded.Height).ShouldBe((320, 240));
        Pixels.MaxChannelSpread(result.Bytes).ShouldBe(0);
    }

    [Theory]
    [InlineData("resize:300x300:fit", 1200, 800, 300, 200)]
    [InlineData("resize:300x300:cover", 1200, 800, 300, 300)]
    [InlineData("resize:300x100:exact", 1200, 800, 300, 100)]
    [InlineData("resize:600x", 1200, 800, 600, 400)]
    [InlineData("resize:x200", 1200, 800, 300, 200)]
    [InlineData("grayscale,resize:300x300:fit", 1200, 800, 300, 200)]
    public void Resizes_fit_inside_cover_or_stretch_to_the_box(string operations, int inW, int inH, int outW, int outH)
    {
        var result = Run(TestImages.Jpeg(inW, inH), operations + ",format:png");
        using var decoded = Pixels.Decode(result.Bytes);
        (decoded.Width, decoded.Height).ShouldBe((outW, outH));
    }

    [Fact]
    public void A_watermark_changes_pixels_where_it_is_drawn_and_nowhere_else()
    {
        var input = TestImages.FlatPng(400, 300);
        var plain = Run(input, "invert,invert,format:png");
        var marked = Run(input, "invert,invert,watermark:HELLO:position=top-left:opacity=1:size=40,format:png");

        using var a = Pixels.Decode(plain.Bytes);
        using var b = Pixels.Decode(marked.Bytes);
        using var diff = (a - b).Abs().BandOr();   // non-zero wherever any channel differs
        using var changed = diff > 0;

        var changedPixels = changed.Avg() / 255 * diff.Width * diff.Height;
        changedPixels.ShouldBeGreaterThan(200, "the text should have been drawn");

        // Everything changed lies in the top-left corner where the text goes.
        var outsideCorner = changed.ExtractArea(0, 150, 400, 150).Max() + changed.ExtractArea(250, 0, 150, 150).Max();
        outsideCorner.ShouldBe(0);
    }

    [Fact]
    public void Watermark_text_is_drawn_as_text_not_read_as_markup()
    {
        var result = Run(TestImages.FlatPng(300, 200), "watermark:<b>&amp;</b>:opacity=1,format:png");
        Pixels.Decode(result.Bytes).Width.ShouldBe(300);
    }

    [Fact]
    public void Exif_rotated_input_comes_out_upright_through_shrink_on_load()
    {
        var result = Run(TestImages.SidewaysJpeg(), "resize:100x100,format:png");
        (result.Width, result.Height).ShouldBe((50, 100));
        AssertRedOverBlue(result);
    }

    [Fact]
    public void Exif_rotated_input_comes_out_upright_through_a_full_decode()
    {
        var result = Run(TestImages.SidewaysJpeg(), "sharpen,format:png");
        (result.Width, result.Height).ShouldBe((200, 400));
        AssertRedOverBlue(result);
    }

    static void AssertRedOverBlue(ProcessedImage result)
    {
        var top = Pixels.At(result.Bytes, result.Width / 2, result.Height / 8);
        var bottom = Pixels.At(result.Bytes, result.Width / 2, result.Height * 7 / 8);
        top[0].ShouldBeGreaterThan(200); top[2].ShouldBeLessThan(60);
        bottom[2].ShouldBeGreaterThan(200); bottom[0].ShouldBeLessThan(60);
    }

    [Fact]
    public void Sepia_gives_warm_tones()
    {
        var result = Run(TestImages.FlatPng(64, 64), "sepia,format:png");
        var p = Pixels.At(result.Bytes, 32, 32);
        p[0].ShouldBeGreaterThan(p[1]);
        p[1].ShouldBeGreaterThan(p[2]);
    }

    [Fact]
    public void Invert_turns_each_channel_around()
    {
        var result = Run(TestImages.FlatPng(16, 16, grey: 100), "invert,format:png");
        Pixels.At(result.Bytes, 8, 8).ShouldBe([155, 155, 155]);
    }

    [Fact]
    public void Blur_smooths_an_edge_and_sharpen_steepens_it()
    {
        var edge = Image.Black(64, 64).Insert(Image.Black(32, 64) + 255, 32, 0).Cast(Enums.BandFormat.Uchar)
            .Colourspace(Enums.Interpretation.Srgb).PngsaveBuffer();
        var blurred = Run(edge, "blur:3,format:png");
        Pixels.At(blurred.Bytes, 31, 32)[0].ShouldBeInRange(40, 215);

        // libvips' sharpen works at a fine scale (sigma 0.5), so it is measured on a slightly soft edge.
        var soft = Run(edge, "blur:0.8,format:png");
        var sharpened = Run(soft.Bytes, "sharpen,format:png");
        var slopeBefore = Pixels.At(soft.Bytes, 32, 32)[0] - Pixels.At(soft.Bytes, 31, 32)[0];
        var slopeAfter = Pixels.At(sharpened.Bytes, 32, 32)[0] - Pixels.At(sharpened.Bytes, 31, 32)[0];
        slopeAfter.ShouldBeGreaterThan(slopeBefore);
    }

    [Theory]
    [InlineData("format:png", "image/png")]
    [InlineData("format:webp:60", "image/webp")]
    [InlineData("format:jpeg:50", "image/jpeg")]
    public void Output_formats(string operations, string contentType)
    {
        var result = Run(TestImages.Png(300, 200), "resize:100x100," + operations);
        result.ContentType.ShouldBe(contentType);
        Image.FindLoadBuffer(result.Bytes).ShouldNotBeNull();
    }

    [Fact]
    public void A_png_with_transparency_becomes_a_jpeg_on_white()
    {
        var transparent = (Image.Black(32, 32, bands: 4)).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb).PngsaveBuffer();
        var result = Run(transparent, "invert,format:jpeg");
        Pixels.At(result.Bytes, 16, 16).ShouldAllBe(v => v > 245);
    }

    [Fact]
    public void A_truncated_jpeg_is_rejected_as_corrupt_not_filled_with_grey()
    {
        var e = Should.Throw<ImageRejectedException>(() => Run(TestImages.TruncatedJpeg(), ""));
        e.Kind.ShouldBe(FailureKind.Corrupt);
        e.Message.ShouldContain("JPEG data ends before the whole image is decoded");
    }

    [Fact]
    public async Task A_truncated_jpeg_keeps_its_own_reason_while_other_threads_fail_in_libvips()
    {
        // libvips has one error buffer per process: another thread's failure used to show in this job's reason.
        using var stop = new CancellationTokenSource();
        var noise = Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
                try { using var _ = NetVips.Image.NewFromBuffer(TestImages.Text()); } catch (NetVips.VipsException) { }
        })));
        var truncated = TestImages.TruncatedJpeg(600, 400);
        try
        {
            for (var i = 0; i < 150; i++)
                Should.Throw<ImageRejectedException>(() => Run(truncated, "")).Message
                    .ShouldBe("The image data is corrupt or truncated: the JPEG data ends before the whole image is decoded (the file is cut short)");
        }
        finally
        {
            await stop.CancelAsync();
            await noise;
        }
    }

    [Fact]
    public void A_text_file_is_rejected_as_not_an_image() =>
        Should.Throw<ImageRejectedException>(() => Run(TestImages.Text(), "")).Kind.ShouldBe(FailureKind.NotAnImage);

    [Fact]
    public void A_decompression_bomb_is_refused_from_its_header()
    {
        var bomb = TestImages.PngBomb();
        bomb.Length.ShouldBeLessThan(2_000_000);
        var e = Should.Throw<ImageRejectedException>(() => ImageInspector.Inspect(bomb, new ImagingOptions().MaxPixels));
        e.Kind.ShouldBe(FailureKind.TooManyPixels);
        e.Message.ShouldContain("20000x20000");
    }

    [Fact]
    public void Formats_outside_the_accepted_list_are_refused()
    {
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"u8.ToArray();
        var e = Should.Throw<ImageRejectedException>(() => ImageInspector.Inspect(svg, 1_000_000));
        e.Kind.ShouldBeOneOf(FailureKind.UnsupportedFormat, FailureKind.NotAnImage);
    }
}
