using Microsoft.Extensions.Options;
using NetVips;
using Queues.Imaging;
using Queues.Tests.Support;

namespace Queues.Tests.Imaging;

public class MetadataAndSummaryTests
{
    readonly ImagePipeline pipeline = new(Options.Create(new ImagingOptions()));

    ProcessedImage Run(byte[] input, string operations)
    {
        OperationParser.TryParse(operations, out var plan, out var error).ShouldBeTrue(error);
        return pipeline.Run(input, plan);
    }

    /// <summary>A photo as a phone writes it: a GPS position in its EXIF and a wide-gamut (Display P3) colour profile.</summary>
    static byte[] PhotoWithGpsAndProfile() =>
        TestImages.Gradient(300, 200)
            .Mutate(m =>
            {
                m.Set(GValue.GStrType, "exif-ifd0-Make", "QueuesCam");
                m.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "N");
                m.Set(GValue.GStrType, "exif-ifd3-GPSLatitude", "52/1 31/1 12/1");
            })
            .JpegsaveBuffer(q: 95, profile: "p3");

    static bool HasGps(Image image) => image.GetFields().Any(f => f.StartsWith("exif-ifd3-GPS", StringComparison.Ordinal));

    static byte[] Profile(Image image) => (byte[])image.Get("icc-profile-data");

    [Fact]
    public void Gps_and_exif_are_stripped_and_the_profile_becomes_srgb()
    {
        var input = PhotoWithGpsAndProfile();
        using var original = Image.NewFromBuffer(input);
        HasGps(original).ShouldBeTrue("the test photo must carry a GPS position");
        var p3 = Profile(original);

        var result = Run(input, "resize:200x200,format:jpeg");

        using var decoded = Image.NewFromBuffer(result.Bytes);
        HasGps(decoded).ShouldBeFalse();
        decoded.Contains("exif-data").ShouldBeFalse();
        var profile = Profile(decoded);
        profile.ShouldNotBe(p3);
        using var srgbReference = Image.NewFromBuffer(TestImages.Gradient(8, 8).JpegsaveBuffer(profile: "srgb"));
        profile.ShouldBe(Profile(srgbReference));
    }

    [Fact]
    public void The_p3_pixels_are_converted_not_just_relabelled()
    {
        // Pure P3 red lies outside sRGB: converted, its green and blue stay near 0 but the red is clipped, while a
        // relabelled pixel would keep the P3 numbers. The mid-grey in the middle maps to the same grey in both.
        var p3Red = (Image.Black(16, 16, bands: 3) + new double[] { 200, 60, 60 }).Cast(Enums.BandFormat.Uchar)
            .Copy(interpretation: Enums.Interpretation.Srgb).JpegsaveBuffer(q: 100, profile: "p3");
        var asIs = Pixels.At(p3Red, 8, 8);
        var converted = Pixels.At(Run(p3Red, "sharpen,format:png").Bytes, 8, 8);
        converted[0].ShouldBeGreaterThan(asIs[0] + 5, "P3 red is more saturated than the same numbers in sRGB");
    }

    [Fact]
    public void Keep_metadata_keeps_the_exif()
    {
        var result = Run(PhotoWithGpsAndProfile(), "resize:200x200,keep-metadata,format:jpeg");
        using var decoded = Image.NewFromBuffer(result.Bytes);
        HasGps(decoded).ShouldBeTrue();
        ((string)decoded.Get("exif-ifd0-Make")).ShouldStartWith("QueuesCam");
    }

    [Fact]
    public void A_grey_result_carries_no_colour_profile()
    {
        var result = Run(PhotoWithGpsAndProfile(), "grayscale,format:jpeg");
        using var decoded = Image.NewFromBuffer(result.Bytes);
        decoded.Bands.ShouldBe(1);
        decoded.Contains("icc-profile-data").ShouldBeFalse();
    }

    [Fact]
    public void Each_result_has_a_blurhash_of_decodable_length_and_a_dominant_colour()
    {
        var flat = Run(TestImages.FlatPng(200, 100, grey: 128), "sharpen,format:png");
        flat.Summary.DominantColour.ShouldBe("#808080");
        flat.Summary.BlurHash.Length.ShouldBe(BlurHash.LengthFor(4, 3));
        BlurHash.ComponentsOf(flat.Summary.BlurHash).ShouldBe((4, 3));
        var (r, g, b) = BlurHash.AverageOf(flat.Summary.BlurHash);
        new[] { r, g, b }.ShouldAllBe(v => Math.Abs(v - 128) <= 2);

        var gradient = Run(TestImages.Png(300, 200), "format:webp").Summary;
        gradient.BlurHash.Length.ShouldBe(BlurHash.LengthFor(4, 3));
        gradient.BlurHash.ShouldNotBe(flat.Summary.BlurHash);
    }

    [Fact]
    public void Avif_output_is_written_with_av1()
    {
        var result = Run(TestImages.Jpeg(300, 200), "resize:100x100,format:avif:50");
        result.ContentType.ShouldBe("image/avif");
        result.Extension.ShouldBe("avif");
        Image.FindLoadBuffer(result.Bytes).ShouldNotBeNull().ShouldContain("Heif");
        using var decoded = Image.NewFromBuffer(result.Bytes);
        ((string)decoded.Get("heif-compression")).ShouldBe("av1");
        (decoded.Width, decoded.Height).ShouldBe((100, 67));
    }
}
