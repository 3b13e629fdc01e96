using NetVips;

namespace Queues.Imaging;

/// <summary>
/// The built-in sample for "create N demo jobs": a colourful 1200x900 JPEG (about 1 MP) drawn with libvips at
/// first use, so a demo needs no file and every filter's effect (grayscale, sepia, invert) is plain to see.
/// </summary>
public sealed class DemoImage
{
    public const string FileName = "demo.jpg";
    const int Width = 1200, Height = 900;

    readonly Lazy<byte[]> jpeg = new(Draw);

    public byte[] Jpeg => jpeg.Value;

    static byte[] Draw()
    {
        using var xyz = Image.Xyz(Width, Height);
        var x = xyz[0];
        var y = xyz[1];
        // Three out-of-step waves give bands of every hue, where a gradient alone looks muddy once shrunk.
        // libvips' sin and cos take degrees: one full wave every 400, 300 and 500 pixels.
        var red = (x * (360.0 / 400)).Math(Enums.OperationMath.Sin) * 110 + 128;
        var green = (y * (360.0 / 300)).Math(Enums.OperationMath.Sin) * 110 + 128;
        var blue = ((x + y) * (360.0 / 500)).Math(Enums.OperationMath.Cos) * 110 + 128;
        var image = red.Bandjoin(green, blue);
        using var label = Image.Text("<b>Queues demo</b>", dpi: 600, font: "DejaVu Sans");
        var placed = label.Embed((Width - label.Width) / 2, (Height - label.Height) / 2, Width, Height);
        var white = image.Copy() * 0 + 255;
        return placed.Ifthenelse(white, image, blend: true)
            .Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb)
            .JpegsaveBuffer(q: 85);
    }
}
